// Every golden text, both tokenizers: ids, tokens and offsets identical to Hugging Face's.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/fixtures.hpp"
#include "tokenize/tokenizer.hpp"

namespace attnscope {
namespace {

using nlohmann::json;

std::string describe(const Encoding& encoding) {
  json out = {{"ids", encoding.ids}, {"tokens", encoding.tokens}, {"offsets", json::array()}};
  for (const auto& [start, end] : encoding.offsets) out["offsets"].push_back({start, end});
  return out.dump();
}

bool matches(const Encoding& got, const json& want) {
  if (got.ids != want.at("ids").get<std::vector<int32_t>>()) return false;
  if (got.tokens != want.at("tokens").get<std::vector<std::string>>()) return false;
  const auto offsets = want.at("offsets").get<std::vector<std::pair<int32_t, int32_t>>>();
  return got.offsets == offsets;
}

// Checks every line of `file` for the model `key` ("bert" or "gpt2"); returns the line count.
int check_golden_file(const std::string& file, const std::string& key, const Tokenizer& tokenizer) {
  std::ifstream in(test::golden_dir() / file);
  EXPECT_TRUE(in) << "cannot open " << file;
  int lines = 0;
  int mismatches = 0;
  std::string line;
  while (std::getline(in, line)) {
    const json entry = json::parse(line);
    const std::string text = entry.at("text").get<std::string>();
    const Encoding got = tokenizer.encode(text);
    ++lines;
    if (!matches(got, entry.at(key))) {
      ++mismatches;
      ADD_FAILURE() << key << " mismatch on " << file << " line " << lines
                    << "\n  text: " << json(text).dump() << "\n  want: " << entry.at(key).dump()
                    << "\n  got:  " << describe(got);
    }
  }
  EXPECT_EQ(mismatches, 0) << "of " << lines << " texts";
  return lines;
}

class GoldenTokenize : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    bert_ = Tokenizer::load(test::model_fixture("tiny-bert"), "bert").release();
    gpt2_ = Tokenizer::load(test::model_fixture("tiny-gpt2"), "gpt2").release();
  }
  static void TearDownTestSuite() {
    delete bert_;
    delete gpt2_;
  }
  static Tokenizer* bert_;
  static Tokenizer* gpt2_;
};
Tokenizer* GoldenTokenize::bert_ = nullptr;
Tokenizer* GoldenTokenize::gpt2_ = nullptr;

TEST_F(GoldenTokenize, BertOnEdgeCasesAndCorpora) {
  EXPECT_EQ(check_golden_file("tokenize.jsonl", "bert", *bert_), 2509);
}

TEST_F(GoldenTokenize, Gpt2OnEdgeCasesAndCorpora) {
  EXPECT_EQ(check_golden_file("tokenize.jsonl", "gpt2", *gpt2_), 2509);
}

TEST_F(GoldenTokenize, BertOnRandomUnicode) {
  EXPECT_EQ(check_golden_file("tokenize_fuzz.jsonl", "bert", *bert_), 1004);
}

TEST_F(GoldenTokenize, Gpt2OnRandomUnicode) {
  EXPECT_EQ(check_golden_file("tokenize_fuzz.jsonl", "gpt2", *gpt2_), 1004);
}

}  // namespace
}  // namespace attnscope
