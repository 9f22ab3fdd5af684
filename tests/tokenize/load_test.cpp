// Loading tokenizers from model folders: both file layouts give the same tokenizer, and broken
// folders give one clear error.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "support/fixtures.hpp"
#include "tokenize/tokenizer.hpp"
#include "tokenize/tokenizer_fixtures.hpp"

namespace attnscope {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = test::scratch_dir() / "tokenize" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

std::string error_of(const fs::path& dir, const std::string& type) {
  try {
    Tokenizer::load(dir, type);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(TokenizerLoad, UnknownModelTypeNamesIt) {
  EXPECT_NE(error_of(test::model_fixture("tiny-bert"), "t5").find("\"t5\""), std::string::npos);
}

TEST(TokenizerLoad, MissingFilesAreNamed) {
  const fs::path dir = fresh_dir("empty");
  EXPECT_NE(error_of(dir, "bert").find("vocab.txt"), std::string::npos);
  EXPECT_NE(error_of(dir, "gpt2").find("vocab.json"), std::string::npos);
}

TEST(TokenizerLoad, BrokenMergesAreNamed) {
  const fs::path dir = fresh_dir("broken-merges");
  write(dir / "vocab.json", R"({"a": 0, "b": 1})");
  write(dir / "merges.txt", "#version: 0.2\na b\n");
  EXPECT_NE(error_of(dir, "gpt2").find("merge 1"), std::string::npos);
}

TEST(TokenizerLoad, HugeIdsAreRejectedNotAllocated) {
  const fs::path dir = fresh_dir("huge-id");
  write(dir / "vocab.json", R"({"a": 2000000000})");
  write(dir / "merges.txt", "#version: 0.2\n");
  EXPECT_NE(error_of(dir, "gpt2").find("corrupt"), std::string::npos);
}

TEST(TokenizerLoad, BertTokenizerJsonMatchesVocabTxt) {
  const fs::path dir = fresh_dir("bert-json");
  std::ifstream vocab(test::model_fixture("tiny-bert") / "vocab.txt");
  nlohmann::json entries = nlohmann::json::object();
  std::string line;
  for (int id = 0; std::getline(vocab, line); ++id) entries[line] = id;
  const nlohmann::json file = {
      {"added_tokens",
       {{{"id", 101}, {"content", "[CLS]"}, {"special", true}},
        {{"id", 102}, {"content", "[SEP]"}, {"special", true}}}},
      {"normalizer", {{"type", "BertNormalizer"}, {"lowercase", true}}},
      {"post_processor",
       {{"type", "BertProcessing"}, {"sep", {"[SEP]", 102}}, {"cls", {"[CLS]", 101}}}},
      {"model", {{"type", "WordPiece"}, {"unk_token", "[UNK]"}, {"vocab", entries}}}};
  write(dir / "tokenizer.json", file.dump());
  const auto from_json = Tokenizer::load(dir, "bert");
  const std::string text = "Éléphant [SEP] naïve 中文 tokenization!";
  const Encoding a = from_json->encode(text);
  const Encoding b = test::bert_tokenizer().encode(text);
  EXPECT_EQ(a.ids, b.ids);
  EXPECT_EQ(a.offsets, b.offsets);
}

TEST(TokenizerLoad, Gpt2TokenizerJsonMatchesVocabAndMerges) {
  const fs::path dir = fresh_dir("gpt2-json");
  std::ifstream vocab(test::model_fixture("tiny-gpt2") / "vocab.json");
  std::ifstream merges_file(test::model_fixture("tiny-gpt2") / "merges.txt");
  nlohmann::json merges = nlohmann::json::array();
  std::string line;
  std::getline(merges_file, line);  // #version
  while (std::getline(merges_file, line)) {
    if (!line.empty()) merges.push_back(line);
  }
  const nlohmann::json file = {
      {"added_tokens", {{{"id", 50256}, {"content", "<|endoftext|>"}, {"special", true}}}},
      {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}}},
      {"model", {{"type", "BPE"}, {"vocab", nlohmann::json::parse(vocab)}, {"merges", merges}}}};
  write(dir / "tokenizer.json", file.dump());
  const auto from_json = Tokenizer::load(dir, "gpt2");
  const std::string text = "It's  9 o'clock<|endoftext|> — déjà vu 😀";
  EXPECT_EQ(from_json->encode(text).ids, test::gpt2_tokenizer().encode(text).ids);
  EXPECT_EQ(from_json->encode(text).offsets, test::gpt2_tokenizer().encode(text).offsets);
}

}  // namespace
}  // namespace attnscope
