// End to end: `attnscope report` on the tiny models with the notebook's sentences writes every
// figure, the analyses and the explorer pages, and index.html references each of them; with
// --conllu or --probe it adds a corpus section whose probing table is probe.json's.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

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
                                     "explore.png", "detect.png", "rollout.png"})
        expected.insert(folder + file);
      // Every score figure and the rollout have their numbers next to them.
      for (const std::string stem : {"head_patterns", "head_roles", "detect", "rollout"})
        for (const std::string ext : {".json", ".csv"}) expected.insert(folder + stem + ext);
    }
  for (int t = 1; t <= 5; ++t) {
    expected.insert("compare/text" + std::to_string(t) + "/compare_layer2_head0.png");
    expected.insert("explorer/text" + std::to_string(t) + ".html");
  }
  // "cat" is token 2 of the first sentence for both tokenizers.
  expected.insert("tiny-bert/text1/flow_token2.png");
  expected.insert("tiny-gpt2/text1/flow_token1.png");
  // Without "cat": the encoder follows its first word token, the causal model its last ("dog",
  // not "." and not "The", which can attend only to itself).
  expected.insert("tiny-bert/text2/flow_token1.png");
  expected.insert("tiny-gpt2/text2/flow_token8.png");

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
  // One explorer per text with both models, so that its Compare tab has them.
  const std::string explorer = slurp(root / "explorer/text1.html");
  EXPECT_NE(explorer.find("\"model\":\"tiny-bert\""), std::string::npos);
  EXPECT_NE(explorer.find("\"model\":\"tiny-gpt2\""), std::string::npos);
  // Stored compactly (web/compact_matrix.hpp): no float32 matrix in the page.
  EXPECT_NE(explorer.find("\"encoding\":\"deflate-byte-planes\""), std::string::npos);
  EXPECT_EQ(explorer.find("\"dtype\":\"float32\""), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(root / "tiny-bert/text1/explorer.html"));
  EXPECT_NE(index.find("Head patterns"), std::string::npos);
  EXPECT_NE(index.find("Causal (triangular pattern)"), std::string::npos);
  EXPECT_NE(index.find("sharpness"), std::string::npos);
}

// The report's detect and rollout files hold what the detect and rollout commands give for the
// same text.
TEST(RenderReport, DetectAndRolloutFilesEqualTheirCommands) {
  auto dir = fresh_dir("report_detect_rollout");
  const std::string text = "The cat saw the cat.";
  const std::string gpt2 = model_fixture("tiny-gpt2").string();
  RunResult r = run_attnscope({"report", "-m", gpt2, "-t", text, "-o", "out"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto folder = dir / "out" / "tiny-gpt2" / "text1";
  RunResult detect = run_attnscope({"detect", "-m", gpt2, "-t", text, "--json"}, dir);
  ASSERT_EQ(detect.exit_code, 0) << detect.err;
  const auto from_report = nlohmann::json::parse(slurp(folder / "detect.json"));
  const auto from_command = nlohmann::json::parse(detect.out);
  EXPECT_EQ(from_report["metrics"], from_command["metrics"]);
  EXPECT_EQ(from_report["threshold"], 0.4);
  EXPECT_EQ(from_report["metrics"]["induction"].size(), 3u);  // layers
  RunResult rollout = run_attnscope({"rollout", "-m", gpt2, "-t", text, "--json"}, dir);
  ASSERT_EQ(rollout.exit_code, 0) << rollout.err;
  const auto matrix = nlohmann::json::parse(slurp(folder / "rollout.json"));
  EXPECT_EQ(matrix["matrix"], nlohmann::json::parse(rollout.out)["matrix"]);
  EXPECT_EQ(matrix["layer"], 2);
  const std::string csv = slurp(folder / "rollout.csv");
  const int n = static_cast<int>(matrix["tokens"].size());
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), n * n + 1);
  const std::string index = slurp(dir / "out" / "index.html");
  EXPECT_NE(index.find("href=\"tiny-gpt2/text1/detect.csv\""), std::string::npos);
  // "cat" repeats, so the note about texts without repeats is not there.
  EXPECT_EQ(index.find("repeats no token"), std::string::npos);
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
  EXPECT_NE(index.find("repeats no token"), std::string::npos);
}

TEST(RenderReport, OutputThatIsAFileIsAnError) {
  auto dir = fresh_dir("report_file");
  std::ofstream(dir / "taken") << "x";
  RunResult r = run_attnscope(
      {"report", "-m", model_fixture("tiny-gpt2").string(), "-t", "Hi", "-o", "taken"}, dir);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("it is a file"), std::string::npos) << r.err;
}

// The first `sentences` sentences of the en_ewt dev treebank, as a file in `dir`.
std::filesystem::path treebank_excerpt(const std::filesystem::path& dir, int sentences) {
  std::ifstream in(shared_dir() / "data" / "ud" / "en_ewt-ud-dev.conllu");
  std::ostringstream excerpt;
  std::string line;
  while (sentences > 0 && std::getline(in, line)) {
    excerpt << line << "\n";
    if (line.empty()) --sentences;
  }
  EXPECT_EQ(sentences, 0) << "the treebank has fewer sentences";
  const auto path = dir / "excerpt.conllu";
  std::ofstream(path) << excerpt.str();
  return path;
}

std::string percent(double ratio) {
  char text[16];
  std::snprintf(text, sizeof text, "%.1f%%", ratio * 100);
  return text;
}

// The page's probing table holds one row per relation of probe.json, with its numbers.
void expect_probe_table(const std::string& index, const std::filesystem::path& probe_file) {
  const auto probe = nlohmann::json::parse(slurp(probe_file));
  ASSERT_GE(probe["relations"].size(), 5u);  // --min-count 20 keeps the frequent relations
  for (const auto& [relation, r] : probe["relations"].items()) {
    const double accuracy = r["best"]["accuracy"], baseline = r["baseline"]["accuracy"];
    const int offset = r["baseline"]["offset"];
    char margin[16];
    std::snprintf(margin, sizeof margin, "%+.1f", (accuracy - baseline) * 100);
    const std::string row =
        "<tr><td>" + relation + "</td><td>" + std::to_string(r["count"].get<int>()) + "</td><td>" +
        std::to_string(r["best"]["layer"].get<int>()) + "-" +
        std::to_string(r["best"]["head"].get<int>()) + "</td><td>" +
        r["best"]["direction"].get<std::string>() + "</td><td>" + percent(accuracy) + "</td><td>" +
        (offset > 0 ? "+" : "") + std::to_string(offset) + "</td><td>" + percent(baseline) +
        "</td><td>" + margin + "</td></tr>";
    EXPECT_NE(index.find(row), std::string::npos) << row;
  }
  // Some head is syntactic exactly when some relation's best head (other than "all") beats its
  // baseline by 10 points.
  bool backed = false;
  for (const auto& [relation, r] : probe["relations"].items())
    backed |= relation != "all" &&
              r["best"]["accuracy"].get<double>() - r["baseline"]["accuracy"].get<double>() >= 0.1;
  EXPECT_EQ(index.find("No head does, so no head is called syntactic.") == std::string::npos,
            backed);
}

TEST(RenderReport, ConlluAddsACorpusSectionWithTheProbeTable) {
  auto dir = fresh_dir("report_conllu");
  const auto treebank = treebank_excerpt(dir, 30);
  RunResult r = run_attnscope(
      {"report", "-m", model_fixture("tiny-bert").string(), "-t", "The cat sat.", "--conllu",
       treebank.string(), "--min-count", "20", "--batch", "4", "-o", "out"},
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto root = dir / "out";
  const std::string index = slurp(root / "index.html");
  // A level-2 section of its own (in the table of contents), after the text's sections.
  EXPECT_TRUE(std::regex_search(index, std::regex(R"(<h2 id="s\d+">Corpus: tiny-bert</h2>)")));
  for (const std::string file : {"stats.png", "head_map.png", "probe.png"}) {
    const std::string path = "corpus/tiny-bert/" + file;
    EXPECT_TRUE(std::filesystem::exists(root / path)) << path;
    EXPECT_NE(index.find("<img src=\"" + path + "\""), std::string::npos) << path;
  }
  const auto probe = nlohmann::json::parse(slurp(root / "corpus/tiny-bert/probe.json"));
  EXPECT_EQ(probe["model"], "tiny-bert");
  EXPECT_EQ(probe["sentences"].get<int>() + probe["skipped_sentences"].get<int>(), 30);
  expect_probe_table(index, root / "corpus/tiny-bert/probe.json");
}

TEST(RenderReport, ProbeReusesACorpusRunOfTheSameModelOnly) {
  auto dir = fresh_dir("report_probe");
  const auto treebank = treebank_excerpt(dir, 30);
  RunResult corpus = run_attnscope({"corpus", "-m", model_fixture("tiny-bert").string(), "--conllu",
                                    treebank.string(), "--min-count", "20", "-o", "run"},
                                   dir);
  ASSERT_EQ(corpus.exit_code, 0) << corpus.err;
  RunResult r = run_attnscope({"report", "-m", model_fixture("tiny-bert").string(), "-t",
                               "The cat sat.", "--probe", "run", "--min-count", "20", "-o", "out"},
                              dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string index = slurp(dir / "out/index.html");
  EXPECT_NE(index.find("tiny-bert over the run in run;"), std::string::npos);
  // The report's copy of the run and the table both hold the stored run's numbers.
  EXPECT_EQ(slurp(dir / "out/corpus/tiny-bert/probe.json"), slurp(dir / "run/probe.json"));
  expect_probe_table(index, dir / "run/probe.json");

  RunResult other = run_attnscope({"report", "-m", model_fixture("tiny-gpt2").string(), "-t", "Hi",
                                   "--probe", "run", "-o", "other"},
                                  dir);
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_EQ(std::count(other.err.begin(), other.err.end(), '\n'), 1) << other.err;
  EXPECT_NE(other.err.find("is of model tiny-bert"), std::string::npos) << other.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "other/index.html"));
}

}  // namespace
}  // namespace attnscope::test
