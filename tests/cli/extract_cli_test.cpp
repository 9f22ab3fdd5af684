// End to end: extract's .npy output, the one format that holds a bare array, gets its tokens in a
// side file; the array's shape is what the side file says.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "render_run.hpp"
#include "support/fixtures.hpp"

namespace attnscope::test {
namespace {

TEST(ExtractCli, NpyOutputHasATokensSideFile) {
  const auto dir = fresh_dir("extract-npy");
  const auto r = run_attnscope(
      {"extract", "-m", model_fixture("tiny-bert").string(), "-t", "The cat sat.", "-o", "cat.npy"},
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string npy = slurp(dir / "cat.npy");
  ASSERT_EQ(npy.substr(1, 5), "NUMPY");
  // [CLS] the cat sat . [SEP]: tiny-bert has 3 layers of 4 heads.
  EXPECT_NE(npy.find("'shape': (3, 4, 6, 6)"), std::string::npos) << npy.substr(0, 128);
  const auto side = nlohmann::json::parse(slurp(dir / "cat.tokens.json"));
  EXPECT_EQ(side["model"], "tiny-bert");
  EXPECT_EQ(side["architecture"], "bert");
  EXPECT_EQ(side["shape"], nlohmann::json({3, 4, 6, 6}));
  ASSERT_EQ(side["tokens"].size(), 6u);
  std::vector<std::string> pieces;
  for (const auto& token : side["tokens"]) pieces.push_back(token["piece"]);
  EXPECT_EQ(pieces, (std::vector<std::string>{"[CLS]", "the", "cat", "sat", ".", "[SEP]"}));
  EXPECT_EQ(side["input_ids"].size(), 6u);
  EXPECT_EQ(side["input_ids"][0], 101);  // [CLS]
}

// extract refused a --text-file of two lines; now each line gets its own file, numbered, each
// the same as extracting that line alone.
TEST(ExtractCli, ATextFileGivesOneFilePerLine) {
  const auto dir = fresh_dir("extract-text-file");
  const std::vector<std::string> lines = {"The cat sat.", "A dog barked loudly at night.", "Hi"};
  {
    std::ofstream file(dir / "texts.txt");
    for (const auto& line : lines) file << line << "\n";
  }
  const std::string bert = model_fixture("tiny-bert").string();
  const auto r =
      run_attnscope({"extract", "-m", bert, "--text-file", "texts.txt", "-o", "t.json"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("wrote 3 files, t.0.json to t.2.json"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "t.json"));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto one = run_attnscope({"extract", "-m", bert, "-t", lines[i], "-o", "one.json"}, dir);
    ASSERT_EQ(one.exit_code, 0) << one.err;
    const auto alone = nlohmann::json::parse(slurp(dir / "one.json"));
    const auto batch = nlohmann::json::parse(slurp(dir / ("t." + std::to_string(i) + ".json")));
    EXPECT_EQ(batch["input_ids"], alone["input_ids"]) << lines[i];
    EXPECT_EQ(batch["attentions"], alone["attentions"]) << lines[i];
  }
}

// A second run would mix its files with the first's (or leave some behind): refused, and the
// first run's files are kept.
TEST(ExtractCli, NumberedFilesOfAnEarlierRunAreNotMixedIn) {
  const auto dir = fresh_dir("extract-text-file-again");
  std::ofstream(dir / "texts.txt") << "The cat sat.\nA dog.\n";
  const std::vector<std::string> args = {
      "extract", "-m",    model_fixture("tiny-bert").string(), "--text-file", "texts.txt",
      "-o",      "t.json"};
  ASSERT_EQ(run_attnscope(args, dir).exit_code, 0);
  const auto again = run_attnscope(args, dir);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("t.0.json is from an earlier run; remove ./t.*.json first"),
            std::string::npos)
      << again.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "t.1.json"));
}

// A text that fails part way through leaves none of the files of that run behind.
TEST(ExtractCli, AFailingLineRemovesTheFilesAlreadyWritten) {
  const auto dir = fresh_dir("extract-text-file-fail");
  {
    std::ofstream file(dir / "texts.txt");
    file << "The cat sat.\nA dog.\n";
    for (int i = 0; i < 2000; ++i) file << "word ";
    file << "\n";
  }
  const auto r = run_attnscope({"extract", "-m", model_fixture("tiny-bert").string(), "--text-file",
                                "texts.txt", "-o", "t.npy"},
                               dir);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--truncate"), std::string::npos) << r.err;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    EXPECT_EQ(entry.path().filename(), "texts.txt") << "left behind: " << entry.path();
}

}  // namespace
}  // namespace attnscope::test
