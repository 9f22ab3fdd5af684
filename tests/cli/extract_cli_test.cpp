// End to end: extract's .npy output, the one format that holds a bare array, gets its tokens in a
// side file; the array's shape is what the side file says.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace attnscope::test
