// `extract -o out.json` writes valid JSON even from broken weights: NaN and infinite values become
// null, with one warning that counts them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "io/safetensors.hpp"
#include "run_binary.hpp"

namespace attnscope::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// tiny-bert with the last LayerNorm's bias NaN at index 3 and infinite at index 5: those two
// columns of the last hidden states are not finite, the attentions (computed before) are.
fs::path model_with_broken_bias(const fs::path& dir) {
  fs::create_directories(dir);
  for (auto name : {"config.json", "vocab.txt", "tokenizer_config.json"})
    fs::copy_file(model_fixture("tiny-bert") / name, dir / name);
  auto store = io::read_safetensors(model_fixture("tiny-bert") / "model.safetensors");
  io::SafetensorsWriter writer;
  std::vector<std::vector<float>> kept;  // the writer keeps views until write()
  for (auto& name : store.names()) {
    auto& values = kept.emplace_back(store.to_f32(name));
    if (name == "bert.encoder.layer.2.output.LayerNorm.beta") {
      values[3] = std::numeric_limits<float>::quiet_NaN();
      values[5] = std::numeric_limits<float>::infinity();
    }
    writer.add_f32(name, store.info(name).shape, values);
  }
  writer.write(dir / "model.safetensors");
  return dir;
}

class ExtractJson : public ::testing::Test {
 protected:
  void SetUp() override { fs::remove_all(dir_); }
  void TearDown() override { fs::remove_all(dir_); }
  const fs::path dir_ =
      fs::temp_directory_path() / ("attnscope-extract-json-" + std::to_string(::getpid()));
};

TEST_F(ExtractJson, NonFiniteValuesAreNullWithOneWarning) {
  model_with_broken_bias(dir_ / "model");
  RunResult r = run_attnscope("extract --model model --text 'The cat sat.' -o out.json", dir_);
  ASSERT_EQ(r.exit_code, 0) << r.err;

  json out = json::parse(slurp(dir_ / "out.json"), nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(out.is_discarded()) << "out.json is not valid JSON";
  const std::size_t T = out["input_ids"].size();
  ASSERT_EQ(T, 6u);
  ASSERT_EQ(out["hidden_last"].size(), T);
  for (const json& row : out["hidden_last"]) {
    ASSERT_EQ(row.size(), 64u);
    for (std::size_t d = 0; d < row.size(); ++d)
      EXPECT_EQ(row[d].is_null(), d == 3 || d == 5) << "column " << d << ": " << row[d];
  }
  const std::string text = out["attentions"].dump();
  EXPECT_EQ(text.find("null"), std::string::npos);  // finite, so written as numbers

  EXPECT_EQ(r.err, "attnscope: warning: " + std::to_string(2 * T) +
                       " values were NaN or infinite (the weights are probably broken); "
                       "out.json has null in their place\n");
}

// The model's name is its folder's; in Latin-1 it is not UTF-8, which nlohmann refused to write.
TEST_F(ExtractJson, AModelFolderNamedInLatin1StillGivesValidOutput) {
  fs::create_directories(dir_ / "caf\xe9");
  for (auto& file : fs::directory_iterator(model_fixture("tiny-bert")))
    fs::copy_file(file.path(), dir_ / "caf\xe9" / file.path().filename());
  for (const char* output : {"out.json", "out.safetensors"}) {
    RunResult r = run_attnscope(
        std::string("extract --model 'caf\xe9' --text 'The cat sat.' -o ") + output, dir_);
    EXPECT_EQ(r.exit_code, 0) << output << ": " << r.err;
  }
  json out = json::parse(slurp(dir_ / "out.json"), nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(out.is_discarded());
  EXPECT_EQ(out["model"], "caf\xef\xbf\xbd");
  EXPECT_EQ(io::read_safetensors(dir_ / "out.safetensors").metadata.at("model"), "caf\xef\xbf\xbd");
}

TEST_F(ExtractJson, HelpSaysHowNonFiniteValuesAreWritten) {
  fs::create_directories(dir_);
  RunResult r = run_attnscope("extract --help", dir_);
  EXPECT_EQ(r.exit_code, 0);
  std::string help = r.out;
  help.erase(std::remove(help.begin(), help.end(), '\n'), help.end());
  help.erase(
      std::unique(help.begin(), help.end(), [](char a, char b) { return a == ' ' && b == ' '; }),
      help.end());
  EXPECT_NE(help.find("NaN and infinite values are null"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace attnscope::test
