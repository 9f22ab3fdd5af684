// End to end: every figure command on the tiny fixture models, in all three formats, and its
// bad-input errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "render_run.hpp"
#include "support/fixtures.hpp"

namespace attnscope::test {
namespace {

const std::string kText = "The cat sat on the mat and looked at the bird.";

std::string bert() { return model_fixture("tiny-bert").string(); }
std::string gpt2() { return model_fixture("tiny-gpt2").string(); }

struct FigureCommand {
  std::string name;
  std::vector<std::string> args;
  std::vector<std::string> texts;  // expected as text in SVG and PDF
};

std::vector<FigureCommand> commands() {
  return {
      {"head",
       {"head", "-m", bert(), "-t", kText, "--layer", "1", "--head", "2"},
       {"Layer 1, Head 2", "Attention Weight", "cat"}},
      {"layer",
       {"layer", "-m", gpt2(), "-t", kText, "--layer", "-1"},
       {"tiny-gpt2 - Layer 2 - All Attention Heads", "Head 3", "looked"}},
      {"flow",
       {"flow", "-m", bert(), "-t", kText, "--token", "cat"},
       {"Attention Flow for Token: \"cat\"", "Layer", "bird"}},
      {"compare",
       {"compare", "-m", bert(), "-m", gpt2(), "-t", kText, "--layer", "2", "--head", "0"},
       {"tiny-bert (Bidirectional Encoder)", "tiny-gpt2 (Causal Decoder)", "mat"}},
      {"summary",
       {"summary", "-m", bert(), "-t", kText},
       {"tiny-bert Attention Analysis Summary", "Attention Entropy Across Layers", "sat"}},
      {"explore", {"explore", "-m", gpt2(), "-t", kText}, {"Query Tokens", "Key Tokens", "bird"}},
  };
}

class FigureCommands : public ::testing::TestWithParam<std::string> {};

TEST_P(FigureCommands, WritePngSvgAndPdfWithTextInside) {
  auto dir = fresh_dir("figures_" + GetParam());
  for (const auto& c : commands()) {
    for (const std::string ext : {"png", "svg", "pdf"}) {
      if (c.name != GetParam()) continue;
      auto args = c.args;
      args.insert(args.end(), {"-o", c.name + "." + ext});
      RunResult r = run_attnscope(args, dir);
      ASSERT_EQ(r.exit_code, 0) << c.name << " " << ext << ": " << r.err;
      EXPECT_NE(r.out.find(c.name + "." + ext), std::string::npos);  // prints the path
      std::string bytes = slurp(dir / (c.name + "." + ext));
      if (ext == "png") {
        ASSERT_GT(bytes.size(), 8u);
        EXPECT_EQ(bytes.substr(1, 3), "PNG");
      } else if (ext == "svg") {
        for (const auto& t : c.texts) {
          std::string escaped = t;
          for (std::size_t p; (p = escaped.find('"')) != std::string::npos;)
            escaped.replace(p, 1, "&quot;");
          EXPECT_NE(bytes.find(">" + escaped + "<"), std::string::npos) << c.name << ": " << t;
        }
      } else {
        ASSERT_EQ(std::system(("pdftotext -q '" + (dir / (c.name + ".pdf")).string() + "' '" +
                               (dir / "pdf.txt").string() + "'")
                                  .c_str()),
                  0);
        std::string text = slurp(dir / "pdf.txt");
        for (const auto& t : c.texts)
          EXPECT_NE(text.find(t), std::string::npos) << c.name << ": " << t;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Render, FigureCommands,
                         ::testing::Values("head", "layer", "flow", "compare", "summary",
                                           "explore"));

TEST(RenderCli, DefaultNameAndPrintedReports) {
  auto dir = fresh_dir("defaults");
  RunResult r = run_attnscope({"summary", "-m", bert(), "-t", kText}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "tiny-bert_attention_summary.png"));
  EXPECT_NE(r.out.find("Total layers: 3"), std::string::npos);
  EXPECT_NE(r.out.find("Most attended token: '"), std::string::npos);

  r = run_attnscope(
      {"compare", "-m", bert(), "-m", gpt2(), "-t", kText, "--layer", "0", "--head", "1"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Causal (triangular pattern)"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir / "tiny-bert_vs_tiny-gpt2_attention.png"));

  r = run_attnscope({"explore", "-m", bert(), "-t", kText}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Showing Layer "), std::string::npos);
  EXPECT_NE(r.out.find("a far lower bar than `attnscope patterns`' locality"), std::string::npos);
  EXPECT_EQ(r.out.find("row 0 left out"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::exists(dir / "tiny-bert_attention_explorer.png"));
  r = run_attnscope({"explore", "-m", gpt2(), "-t", kText}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("row 0 left out of the sums: a causal model's first token attends only "
                       "to itself"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("START (first-column sum > 0.3 (n - 1))"), std::string::npos) << r.out;

  r = run_attnscope({"head", "-m", bert(), "-t", kText, "--layer", "0", "--head", "0",
                     "--no-special", "--format", "svg", "-o", "nospecial"},
                    dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string svg = slurp(dir / "nospecial");
  EXPECT_NE(svg.find(">looked<"), std::string::npos);
  EXPECT_EQ(svg.find("[CLS]"), std::string::npos);
  EXPECT_EQ(svg.find("[SEP]"), std::string::npos);
}

TEST(RenderCli, FlowDefaultsToATokenThatCanAttend) {
  auto dir = fresh_dir("flow_default");
  // GPT-2: the last word token, "bird" (10), not "." (11) and not "The" (0).
  RunResult r = run_attnscope({"flow", "-m", gpt2(), "-t", kText}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "tiny-gpt2_attention_flow_token_10.png"));
  EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
  // BERT: the first word token, "the" after [CLS].
  r = run_attnscope({"flow", "-m", bert(), "-t", kText}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "tiny-bert_attention_flow_token_1.png"));
  // Punctuation only: the first token that is not [CLS].
  std::filesystem::remove(dir / "tiny-bert_attention_flow_token_1.png");
  r = run_attnscope({"flow", "-m", bert(), "-t", "!!!"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "tiny-bert_attention_flow_token_1.png"));
  // Position 0 of a causal model is drawn as asked, with a warning; an encoder's is not warned.
  r = run_attnscope({"flow", "-m", gpt2(), "-t", kText, "--index", "0"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: position 0 of the causal model tiny-gpt2 can attend only to "
                       "itself"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "tiny-gpt2_attention_flow_token_0.png"));
  r = run_attnscope({"flow", "-m", gpt2(), "-t", kText, "--token", "The"}, dir);
  EXPECT_NE(r.err.find("warning: position 0"), std::string::npos) << r.err;
  r = run_attnscope({"flow", "-m", bert(), "-t", kText, "--index", "0"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
  // A word is normalised as the tokenizer does: uncased BERT finds "Cat" as its "cat".
  r = run_attnscope({"flow", "-m", bert(), "-t", kText, "--token", "Cat"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "tiny-bert_attention_flow_token_2.png"));
  r = run_attnscope({"flow", "-m", bert(), "-t", kText, "--index", "1", "--token", "cat"}, dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("flow takes --token WORD or --index I, not both"), std::string::npos)
      << r.err;
}

TEST(RenderCli, BadInputIsOneLineAndLeavesNoFile) {
  auto dir = fresh_dir("errors");
  const std::vector<FailingRun> cases = {
      {{"head", "-m", bert(), "-t", kText, "--layer", "7", "--head", "0", "-o", "x.png"},
       2,
       "--layer 7 does not exist; valid: 0..2 (or -3..-1 from the end)"},
      {{"head", "-m", bert(), "-t", kText, "--layer", "0", "--head", "4", "-o", "x.png"},
       2,
       "--head 4 does not exist; valid: 0..3"},
      {{"flow", "-m", bert(), "-t", kText, "--token", "dog", "-o", "x.png"},
       2,
       "token 'dog' is not in the text; its tokens are 0:[CLS], 1:the, 2:cat"},
      {{"head", "-m", bert(), "-t", kText, "--layer", "0", "--head", "0", "-o", "x.gif"},
       2,
       "unknown figure format '.gif'"},
      {{"head", "-m", bert(), "-t", kText, "--layer", "0", "--head", "0", "-o", "x.png", "--format",
        "bmp"},
       2,
       "unknown figure format 'bmp'; use png, svg or pdf"},
      {{"head", "-m", bert(), "-t", kText, "--layer", "0", "--head", "0", "-o", "missing/x.png"},
       1,
       "folder missing does not exist"},
  };
  expect_one_line_failures(cases, dir);
  // Nothing written, not even temporary files.
  EXPECT_TRUE(std::filesystem::is_empty(dir));

  // A folder nobody can create files in (not even root): an error after the model ran, and
  // nothing left behind.
  RunResult r = run_attnscope(
      {"head", "-m", bert(), "-t", kText, "--layer", "0", "--head", "0", "-o", "/proc/x.png"}, dir);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("cannot write /proc/x.png"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists("/proc/x.png"));
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

// --vmax, --size and --cmap are checked before the model loads (a missing model would fail
// otherwise), and --size and --cmap reach the figure.
TEST(RenderCli, ScaleOptionsAreCheckedFirstAndReachTheFigure) {
  auto dir = fresh_dir("scale-options");
  const std::vector<std::string> head = {
      "head", "-m",   "no-such-model-folder", "-t", kText, "--layer", "0", "--head", "0",
      "-o",   "x.png"};
  auto with = [&](std::vector<std::string> extra) {
    auto args = head;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  const std::vector<FailingRun> cases = {
      {with({"--vmax", "0.3x"}), 2,
       "--vmax must be a number above 0 or auto, e.g. 0.3; got '0.3x'"},
      {with({"--vmax", "0"}), 2, "--vmax must be a number above 0 or auto"},
      {with({"--size", "7by6"}), 2, "--size must be WxH in inches, e.g. 7x6; got '7by6'"},
      {with({"--size", "700x6"}), 2, "--size 700x6 is over 200 inches a side"},
      {with({"--cmap", "jet"}), 2, "YlOrRd"},
  };
  expect_one_line_failures(cases, dir);
  EXPECT_TRUE(std::filesystem::is_empty(dir));

  RunResult r = run_attnscope(
      {"head", "-m",    gpt2(), "-t",     kText,     "--layer", "0",    "--head", "0",  "--size",
       "7x6",  "--dpi", "100",  "--cmap", "viridis", "--vmax",  "auto", "--log",  "-o", "v.svg"},
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string svg = slurp(dir / "v.svg");
  EXPECT_NE(svg.find("width=\"504pt\" height=\"432pt\""), std::string::npos) << svg.substr(0, 300);
  EXPECT_NE(svg.find("99th percentile"), std::string::npos);
  EXPECT_NE(svg.find("log scale"), std::string::npos);
  EXPECT_NE(svg.find("Grey: keys after the query"), std::string::npos);
}

}  // namespace
}  // namespace attnscope::test
