// End to end: --precision bf16 is never silent. Every output of that mode says so (the JSON of
// extract and corpus, the footnote of every figure), its numbers are near fp32's but not
// fp32's, and fp32 outputs carry no such note.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "render_run.hpp"
#include "support/fixtures.hpp"

namespace attnscope::test {
namespace {

namespace fs = std::filesystem;

const std::string kNote = "Computed with --precision bf16";

void run_ok(const std::vector<std::string>& args, const fs::path& cwd) {
  const auto result = run_attnscope(args, cwd);
  ASSERT_EQ(result.exit_code, 0) << result.err;
}

std::vector<double> flat(const nlohmann::json& array) {
  std::vector<double> out;
  if (array.is_array())
    for (const auto& item : array) {
      auto inner = flat(item);
      out.insert(out.end(), inner.begin(), inner.end());
    }
  else
    out.push_back(array.get<double>());
  return out;
}

TEST(PrecisionCli, ExtractSaysBf16AndStaysNearFp32) {
  const auto dir = fresh_dir("precision-extract");
  for (const std::string model : {"tiny-bert", "tiny-gpt2"}) {
    SCOPED_TRACE(model);
    for (const std::string precision : {"fp32", "bf16"})
      run_ok({"extract", "-m", model_fixture(model).string(), "-t", "The cat sat on the mat.",
              "--precision", precision, "-o", precision + ".json"},
             dir);
    const auto fp32 = nlohmann::json::parse(slurp(dir / "fp32.json"));
    const auto bf16 = nlohmann::json::parse(slurp(dir / "bf16.json"));
    EXPECT_EQ(fp32["precision"], "fp32");
    EXPECT_EQ(bf16["precision"], "bf16");
    const auto a = flat(fp32["attentions"]), b = flat(bf16["attentions"]);
    ASSERT_EQ(a.size(), b.size());
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::fabs(a[i] - b[i]));
    EXPECT_GT(worst, 1e-5);
    EXPECT_LT(worst, 0.05);
  }
}

TEST(PrecisionCli, EveryFigureOfTheFastModeSaysSoInItsFootnote) {
  const auto dir = fresh_dir("precision-figures");
  const std::string model = model_fixture("tiny-gpt2").string();
  for (const std::string command : {"head", "layer", "summary"}) {
    SCOPED_TRACE(command);
    std::vector<std::string> args{command, "-m", model, "-t", "The cat sat on the mat."};
    if (command == "head") args.insert(args.end(), {"--layer", "1", "--head", "0"});
    if (command == "layer") args.insert(args.end(), {"--layer", "1"});
    auto fast = args;
    fast.insert(fast.end(), {"--precision", "bf16", "-o", command + "-bf16.svg"});
    args.insert(args.end(), {"-o", command + "-fp32.svg"});
    run_ok(fast, dir);
    run_ok(args, dir);
    const std::string bf16_svg = slurp(dir / (command + "-bf16.svg"));
    const std::string fp32_svg = slurp(dir / (command + "-fp32.svg"));
    EXPECT_NE(bf16_svg.find(kNote), std::string::npos);
    EXPECT_EQ(fp32_svg.find(kNote), std::string::npos);
    // The causal note keeps its own line beside it.
    EXPECT_NE(bf16_svg.find("Grey: keys after the query"), std::string::npos);
  }
}

TEST(PrecisionCli, CorpusOutputsOfTheFastModeSaySo) {
  const auto dir = fresh_dir("precision-corpus");
  {
    std::ofstream texts(dir / "texts.txt");
    texts << "The cat sat on the mat.\nA dog ran in the park.\n";
  }
  run_ok({"corpus", "-m", model_fixture("tiny-bert").string(), "--text-file", "texts.txt",
          "--precision", "bf16", "-o", "fast"},
         dir);
  run_ok({"corpus", "-m", model_fixture("tiny-bert").string(), "--text-file", "texts.txt", "-o",
          "exact"},
         dir);
  for (const char* file : {"stats.json", "distance.json"}) {
    EXPECT_EQ(nlohmann::json::parse(slurp(dir / "fast" / file))["precision"], "bf16") << file;
    EXPECT_EQ(nlohmann::json::parse(slurp(dir / "exact" / file))["precision"], "fp32") << file;
  }
  for (const char* figure : {"stats.svg", "head_map.svg"}) {
    EXPECT_NE(slurp(dir / "fast" / figure).find(kNote), std::string::npos) << figure;
    EXPECT_EQ(slurp(dir / "exact" / figure).find(kNote), std::string::npos) << figure;
  }
}

TEST(PrecisionCli, AnUnknownPrecisionIsRefusedBeforeAnyModelLoads) {
  const auto dir = fresh_dir("precision-refused");
  expect_one_line_failures({{{"head", "-m", "no-such-model", "-t", "x", "--precision", "fp16"},
                             2,
                             "--precision: fp16 not in {fp32,bf16}"},
                            {{"bench", "-m", "no-such-model", "--precision", "int8"},
                             2,
                             "--precision: int8 not in {fp32,bf16}"}},
                           dir);
}

// oneDNN 2.6 has bfloat16 products only from AVX-512 up: capped at AVX2 (as on an older CPU), the
// fast mode says what is missing and what to use instead, while fp32 runs as before.
TEST(PrecisionCli, ACpuWithoutBf16KernelsIsToldToUseFp32) {
  const auto dir = fresh_dir("precision-avx2");
  ::setenv("ONEDNN_MAX_CPU_ISA", "AVX2", 1);
  const std::string model = model_fixture("tiny-bert").string();
  expect_one_line_failures(
      {{{"extract", "-m", model, "-t", "The cat", "--precision", "bf16", "-o", "bf16.json"},
        1,
        "--precision bf16: oneDNN has no bfloat16 matrix product for this CPU (avx2; it needs "
        "AVX-512); use --precision fp32"}},
      dir);
  const auto fp32 =
      run_attnscope({"extract", "-m", model, "-t", "The cat", "-o", "fp32.json"}, dir);
  ::unsetenv("ONEDNN_MAX_CPU_ISA");
  EXPECT_EQ(fp32.exit_code, 0) << fp32.err;
  EXPECT_FALSE(fs::exists(dir / "bf16.json"));
}

}  // namespace
}  // namespace attnscope::test
