// End to end: `attnscope report` on the tiny models with the notebook's sentences writes every
// figure, the analyses and the explorer pages, and index.html references each of them.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>

#include "render_run.hpp"
#include "support/fixtures.hpp"

namespace attnscope::test {
namespace {

TEST(RenderReport, EveryFigureExistsAndIndexReferencesEach) {
  auto dir = fresh_dir("report");
  RunResult r = run_attnscope({"report", "-m", model_fixture("tiny-bert").string(), "-m",
                               model_fixture("tiny-gpt2").string(), "-o", "out"},
                              dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto root = dir / "out";
  EXPECT_NE(r.out.find("index.html"), std::string::npos);
  std::string index = slurp(root / "index.html");
  ASSERT_FALSE(index.empty());

  // The notebook's five sentences, each a section.
  for (const char* text :
       {"The cat sat on the mat and looked at the bird.",
        "The quick brown fox jumps over the lazy dog.", "She sells seashells by the seashore.",
        "To be or not to be, that is the question.",
        "The cat and the dog are friends, but the bird is scared."})
    EXPECT_NE(index.find(text), std::string::npos) << text;

  std::set<std::string> expected;
  for (const std::string model : {"tiny-bert", "tiny-gpt2"})
    for (int t = 1; t <= 5; ++t) {
      std::string folder = model + "/text" + std::to_string(t) + "/";
      // Tiny models have 3 layers and 4 heads: the notebook's layer 5 / head 3 become 2 / 3.
      for (const std::string file : {"head_layer2_head3.png", "layer2_all_heads.png", "summary.png",
                                     "explore.png", "explorer.html"})
        expected.insert(folder + file);
    }
  for (int t = 1; t <= 5; ++t)
    expected.insert("compare/text" + std::to_string(t) + "/compare_layer2_head0.png");
  // "cat" is token 2 of the first sentence for both tokenizers.
  expected.insert("tiny-bert/text1/flow_token2.png");
  expected.insert("tiny-gpt2/text1/flow_token1.png");

  std::set<std::string> referenced;
  std::regex ref(R"re((?:src|href)="([^"#]+)")re");
  for (std::sregex_iterator it(index.begin(), index.end(), ref), end; it != end; ++it)
    referenced.insert((*it)[1]);
  for (const auto& path : expected) {
    EXPECT_TRUE(std::filesystem::exists(root / path)) << path;
    EXPECT_TRUE(referenced.count(path)) << path;
  }
  // Every reference resolves, and every text has a flow figure.
  for (const auto& path : referenced) EXPECT_TRUE(std::filesystem::exists(root / path)) << path;
  int flows = 0;
  for (const auto& path : referenced) flows += path.find("/flow_token") != std::string::npos;
  EXPECT_EQ(flows, 10);
  EXPECT_NE(index.find("Head patterns"), std::string::npos);
  EXPECT_NE(index.find("Causal (triangular pattern)"), std::string::npos);
  EXPECT_NE(index.find("sharpness"), std::string::npos);
}

TEST(RenderReport, OneModelOneTextInSvg) {
  auto dir = fresh_dir("report_svg");
  RunResult r = run_attnscope({"report", "-m", model_fixture("tiny-gpt2").string(), "-t",
                               "Hello world", "--format", "svg", "-o", "svg"},
                              dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string index = slurp(dir / "svg" / "index.html");
  EXPECT_NE(index.find("tiny-gpt2/text1/summary.svg"), std::string::npos);
  EXPECT_EQ(index.find("compare/"), std::string::npos);  // one model: nothing to compare
  EXPECT_TRUE(std::filesystem::exists(dir / "svg/tiny-gpt2/text1/head_layer2_head3.svg"));
}

TEST(RenderReport, OutputThatIsAFileIsAnError) {
  auto dir = fresh_dir("report_file");
  std::ofstream(dir / "taken") << "x";
  RunResult r = run_attnscope(
      {"report", "-m", model_fixture("tiny-gpt2").string(), "-t", "Hi", "-o", "taken"}, dir);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("it is a file"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace attnscope::test
