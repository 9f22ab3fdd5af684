// attnscope tokenize --jsonl writes, byte for byte, the golden lines' "bert"/"gpt2" objects.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "tokenize/run_binary.hpp"

namespace attnscope {
namespace {

namespace fs = std::filesystem;

// The raw text of one model's object in a golden line: {"text": ..., "bert": {...}, "gpt2": {...}}.
// The text is JSON-escaped, so the unescaped key patterns below cannot occur inside it.
std::string golden_object(const std::string& line, const std::string& key) {
  const std::string bert = ", \"bert\": ";
  const std::string gpt2 = ", \"gpt2\": ";
  const auto bert_at = line.find(bert);
  const auto gpt2_at = line.find(gpt2, bert_at);
  if (key == "bert") return line.substr(bert_at + bert.size(), gpt2_at - bert_at - bert.size());
  return line.substr(gpt2_at + gpt2.size(), line.size() - 1 - gpt2_at - gpt2.size());
}

void expect_golden_lines(const std::string& file, const std::string& key,
                         const std::string& fixture) {
  const fs::path golden = test::golden_dir() / file;
  const auto result =
      test::run_attnscope("tokenize --model '" + test::model_fixture(fixture).string() +
                              "' --jsonl '" + golden.string() + "'",
                          key + "-" + file);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream want(test::slurp(golden));
  std::istringstream got(result.out);
  std::string want_line, got_line;
  int line = 0;
  while (std::getline(want, want_line)) {
    ++line;
    ASSERT_TRUE(std::getline(got, got_line)) << "output ends before line " << line;
    EXPECT_EQ(got_line, golden_object(want_line, key)) << file << " line " << line;
  }
  EXPECT_FALSE(std::getline(got, got_line)) << "extra output: " << got_line;
  EXPECT_GT(line, 1000);
}

TEST(TokenizeCommand, BertJsonlIsTheGoldenFormat) {
  expect_golden_lines("tokenize.jsonl", "bert", "tiny-bert");
  expect_golden_lines("tokenize_fuzz.jsonl", "bert", "tiny-bert");
}

TEST(TokenizeCommand, Gpt2JsonlIsTheGoldenFormat) {
  expect_golden_lines("tokenize.jsonl", "gpt2", "tiny-gpt2");
  expect_golden_lines("tokenize_fuzz.jsonl", "gpt2", "tiny-gpt2");
}

TEST(TokenizeCommand, TextPrintsATableWithDisplayForms) {
  const auto result = test::run_attnscope(
      "tokenize --model '" + test::model_fixture("tiny-gpt2").string() + "' --text 'Hi there'",
      "table");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "index\tid\tstart\tend\ttoken\tdisplay\n"
            "0\t17250\t0\t2\t\"Hi\"\t\"Hi\"\n"
            "1\t612\t2\t8\t\"\u0120there\"\t\"there\"\n");
}

TEST(TokenizeCommand, InvalidUtf8IsOneLineAndExitOne) {
  const std::string model = "--model '" + test::model_fixture("tiny-bert").string() + "'";
  const auto bad =
      test::run_attnscope("tokenize " + model + " --text \"$(printf 'ab\\377c')\"", "invalid");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(bad.out.empty());
  EXPECT_NE(bad.err.find("invalid UTF-8 at byte 2"), std::string::npos) << bad.err;
  EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;

  const auto replaced = test::run_attnscope(
      "tokenize " + model + " --json --replace-invalid --text \"$(printf 'ab\\377c')\"",
      "replaced");
  EXPECT_EQ(replaced.exit_code, 0) << replaced.err;
  EXPECT_EQ(replaced.out,
            "{\"ids\": [101, 5925, 102], \"tokens\": [\"[CLS]\", \"abc\", \"[SEP]\"], "
            "\"offsets\": [[0, 0], [0, 4], [0, 0]]}\n");
}

TEST(TokenizeCommand, NeedsTextOrJsonl) {
  const auto result = test::run_attnscope(
      "tokenize --model '" + test::model_fixture("tiny-bert").string() + "'", "usage");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("pass either --text/--text-file or --jsonl"), std::string::npos)
      << result.err;
}

TEST(TokenizeCommand, BadJsonlLineIsNamed) {
  const auto dir = test::scratch_dir() / "tokenize-cli";
  fs::create_directories(dir);
  std::ofstream(dir / "bad.jsonl") << "{\"text\": \"fine\"}\n{\"txt\": 1}\n";
  const auto result =
      test::run_attnscope("tokenize --model '" + test::model_fixture("tiny-bert").string() +
                              "' --jsonl '" + (dir / "bad.jsonl").string() + "'",
                          "bad-jsonl");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(result.out.empty());
  EXPECT_NE(result.err.find("line 2"), std::string::npos) << result.err;
}

TEST(TokenizeCommand, SharedVocabularyIdIsOneLineAndExitOne) {
  const auto dir = test::scratch_dir() / "tokenize-cli" / "shared-id";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto fixture = test::model_fixture("tiny-gpt2");
  fs::copy_file(fixture / "config.json", dir / "config.json");
  fs::copy_file(fixture / "merges.txt", dir / "merges.txt");
  auto vocab = nlohmann::json::parse(test::slurp(fixture / "vocab.json"));
  vocab["\u0120there"] = vocab["the"];
  std::ofstream(dir / "vocab.json") << vocab.dump();
  const auto result = test::run_attnscope(
      "tokenize --model '" + dir.string() + "' --text 'Hi there, the end'", "shared-id");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(result.out.empty()) << result.out;
  EXPECT_NE(result.err.find((dir / "vocab.json").string()), std::string::npos) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

}  // namespace
}  // namespace attnscope
