// Bad input to `attnscope extract`: one line on stderr naming the problem, a non-zero exit,
// and no output file.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>

#include "io/safetensors.hpp"
#include "run_binary.hpp"

namespace attnscope::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class ExtractErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("attnscope-extract-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "model");
    for (auto name : {"config.json", "vocab.txt", "tokenizer_config.json", "model.safetensors"})
      fs::copy_file(model_fixture("tiny-bert") / name, dir_ / "model" / name);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs extract on `model` and checks the failure contract; returns the stderr line.
  std::string expect_failure(const std::string& extra_args, const std::string& model = "model",
                             int exit_code = 1) {
    RunResult r = run_attnscope(
        "extract --model '" + model + "' " + extra_args + " -o out.safetensors", dir_);
    EXPECT_EQ(r.exit_code, exit_code) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.err.rfind("attnscope: error: ", 0), 0u) << r.err;
    EXPECT_FALSE(fs::exists(dir_ / "out.safetensors"));
    for (auto& entry : fs::directory_iterator(dir_))  // no temporary left behind either
      EXPECT_EQ(entry.path().filename().string().find("out.safetensors"), std::string::npos);
    return r.err;
  }

  // The header and data of the fixture's model.safetensors, to corrupt.
  std::pair<json, std::string> fixture_parts() {
    std::string bytes = slurp(dir_ / "model" / "model.safetensors");
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[i]);
    return {json::parse(bytes.substr(8, n)), bytes.substr(8 + n)};
  }
  void write_parts(const json& header, const std::string& data) {
    std::string text = header.dump();
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((text.size() >> (8 * i)) & 0xff);
    std::ofstream(dir_ / "model" / "model.safetensors", std::ios::binary) << bytes << text << data;
  }

  fs::path dir_;
};

const std::string kText = "--text 'The cat sat.'";

TEST_F(ExtractErrors, SucceedsOnTheUntouchedCopy) {
  RunResult r = run_attnscope("extract --model model " + kText + " -o out.safetensors", dir_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto store = io::read_safetensors(dir_ / "out.safetensors");
  EXPECT_EQ(store.info("attentions").shape, (std::vector<int64_t>{3, 4, 6, 6}));
  EXPECT_EQ(store.to_i64("input_ids"), (std::vector<int64_t>{101, 1996, 4937, 2938, 1012, 102}));
}

TEST_F(ExtractErrors, MissingFolder) {
  EXPECT_NE(expect_failure(kText, "no-such-model").find("no-such-model"), std::string::npos);
}

TEST_F(ExtractErrors, MissingConfig) {
  fs::remove(dir_ / "model" / "config.json");
  EXPECT_NE(expect_failure(kText).find("config.json"), std::string::npos);
}

TEST_F(ExtractErrors, MissingWeights) {
  fs::remove(dir_ / "model" / "model.safetensors");
  EXPECT_NE(expect_failure(kText).find("model.safetensors"), std::string::npos);
}

TEST_F(ExtractErrors, TruncatedFile) {
  std::string bytes = slurp(dir_ / "model" / "model.safetensors");
  std::ofstream(dir_ / "model" / "model.safetensors", std::ios::binary)
      << bytes.substr(0, bytes.size() / 2);
  EXPECT_NE(expect_failure(kText).find("beyond the end of the file"), std::string::npos);
}

TEST_F(ExtractErrors, HeaderLengthBeyondFile) {
  std::ofstream(dir_ / "model" / "model.safetensors", std::ios::binary)
      << std::string("\xff\xff\xff\x00\x00\x00\x00\x00{}", 10);
  EXPECT_NE(expect_failure(kText).find("header length"), std::string::npos);
}

TEST_F(ExtractErrors, HeaderNotJson) {
  std::ofstream(dir_ / "model" / "model.safetensors", std::ios::binary)
      << std::string("\x04\x00\x00\x00\x00\x00\x00\x00{abc", 12);
  EXPECT_NE(expect_failure(kText).find("not a JSON object"), std::string::npos);
}

TEST_F(ExtractErrors, OffsetsOutOfRange) {
  auto [header, data] = fixture_parts();
  auto& entry = header["bert.pooler.dense.bias"];
  entry["data_offsets"] = {data.size() + 4, data.size() + 4 + 256};
  write_parts(header, data);
  std::string err = expect_failure(kText);
  EXPECT_NE(err.find("bert.pooler.dense.bias"), std::string::npos) << err;
}

TEST_F(ExtractErrors, SizeDisagreesWithShape) {
  auto [header, data] = fixture_parts();
  header["bert.pooler.dense.bias"]["shape"] = {65};
  write_parts(header, data);
  std::string err = expect_failure(kText);
  EXPECT_NE(err.find("bert.pooler.dense.bias"), std::string::npos) << err;
}

TEST_F(ExtractErrors, UnknownDtype) {
  auto [header, data] = fixture_parts();
  header["bert.pooler.dense.bias"]["dtype"] = "F99";
  write_parts(header, data);
  EXPECT_NE(expect_failure(kText).find("unknown dtype F99"), std::string::npos);
}

TEST_F(ExtractErrors, IntegerWeights) {
  auto [header, data] = fixture_parts();
  header["bert.embeddings.LayerNorm.beta"]["dtype"] = "I32";  // same size, wrong kind
  write_parts(header, data);
  std::string err = expect_failure(kText);
  EXPECT_NE(err.find("bert.embeddings.LayerNorm.beta"), std::string::npos) << err;
  EXPECT_NE(err.find("I32"), std::string::npos) << err;
}

TEST_F(ExtractErrors, OverlappingTensors) {
  auto [header, data] = fixture_parts();
  auto a = header["bert.embeddings.LayerNorm.beta"]["data_offsets"];
  header["bert.embeddings.LayerNorm.gamma"]["data_offsets"] = a;  // same 64 floats
  write_parts(header, data);
  EXPECT_NE(expect_failure(kText).find("overlap"), std::string::npos);
}

// Rewrites the checkpoint through the library's own writer, editing one tensor.
void rewrite_without(const fs::path& file, const std::string& drop, const std::string& shrink) {
  auto store = io::read_safetensors(file);
  io::SafetensorsWriter writer;
  std::vector<std::vector<float>> kept;  // the writer keeps views until write()
  for (auto& name : store.names()) {
    if (name == drop) continue;
    auto& values = kept.emplace_back(store.to_f32(name));
    auto shape = store.info(name).shape;
    if (name == shrink) {
      shape[0] -= 1;
      values.resize(values.size() / (shape[0] + 1) * shape[0]);
    }
    writer.add_f32(name, shape, values);
  }
  fs::remove(file);
  writer.write(file);
}

TEST_F(ExtractErrors, MissingTensorIsNamed) {
  rewrite_without(dir_ / "model" / "model.safetensors", "bert.encoder.layer.2.output.dense.weight",
                  "");
  EXPECT_NE(expect_failure(kText).find("bert.encoder.layer.2.output.dense.weight is missing"),
            std::string::npos);
}

TEST_F(ExtractErrors, MisShapedTensorIsNamed) {
  rewrite_without(dir_ / "model" / "model.safetensors", "",
                  "bert.encoder.layer.1.attention.self.key.weight");
  std::string err = expect_failure(kText);
  EXPECT_NE(
      err.find(
          "bert.encoder.layer.1.attention.self.key.weight in model.safetensors has shape [63, 64]"),
      std::string::npos)
      << err;
}

TEST_F(ExtractErrors, UnknownModelType) {
  std::string config = slurp(dir_ / "model" / "config.json");
  config.replace(config.find("\"bert\""), 6, "\"t5\"");
  std::ofstream(dir_ / "model" / "config.json") << config;
  EXPECT_NE(expect_failure(kText).find("model_type \"t5\""), std::string::npos);
}

// 4.7 heads ran as 4.
TEST_F(ExtractErrors, FractionalHeadCount) {
  std::string config = slurp(dir_ / "model" / "config.json");
  config.replace(config.find("\"num_attention_heads\": 4"), 24, "\"num_attention_heads\": 4.7");
  std::ofstream(dir_ / "model" / "config.json") << config;
  EXPECT_EQ(expect_failure(kText),
            "attnscope: error: model/config.json: num_attention_heads must be "
            "a positive integer, got 4.7\n");
}

TEST_F(ExtractErrors, TooManyTokensSuggestsTruncate) {
  std::string words;
  for (int i = 0; i < 200; ++i) words += "cat ";
  EXPECT_NE(expect_failure("--text '" + words + "'").find("--truncate"), std::string::npos);
}

TEST_F(ExtractErrors, TruncateCutsWithAWarning) {
  std::string words;
  for (int i = 0; i < 200; ++i) words += "cat ";
  RunResult r = run_attnscope(
      "extract --model model --truncate --text '" + words + "' -o out.safetensors", dir_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: the input has 202 tokens; truncated to 128"), std::string::npos)
      << r.err;
  auto ids = io::read_safetensors(dir_ / "out.safetensors").to_i64("input_ids");
  ASSERT_EQ(ids.size(), 128u);
  EXPECT_EQ(ids.front(), 101);  // [CLS] ... [SEP] kept, as Hugging Face truncates
  EXPECT_EQ(ids.back(), 102);
  EXPECT_EQ(ids[126], 4937);
}

// Cutting is linear: a 9 MB line (2.6 million tokens) once took minutes, one token per scan.
TEST_F(ExtractErrors, TruncatingANineMegabyteLineDoesNotHang) {
  std::string line;
  while (line.size() < 9'000'000) line += "the cat sat on the mat. ";
  std::ofstream(dir_ / "long.txt") << line << "\n";
  const auto start = std::chrono::steady_clock::now();
  RunResult r = run_attnscope(
      "extract --model model --truncate --text-file long.txt -o out.safetensors", dir_);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took.count(), 20.0) << "a generous bound: it takes about a second";
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("tokens; truncated to 128"), std::string::npos) << r.err;
  auto ids = io::read_safetensors(dir_ / "out.safetensors").to_i64("input_ids");
  ASSERT_EQ(ids.size(), 128u);
  EXPECT_EQ(ids.front(), 101);
  EXPECT_EQ(ids[1], 1996);  // "the": the start of the line survives
  EXPECT_EQ(ids.back(), 102);
}

TEST_F(ExtractErrors, EmptyGpt2Input) {
  std::string err = expect_failure("--text ''", model_fixture("tiny-gpt2").string());
  EXPECT_NE(err.find("empty"), std::string::npos);
}

TEST_F(ExtractErrors, UnknownOutputExtension) {
  RunResult r = run_attnscope("extract --model model " + kText + " -o out.txt", dir_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(fs::exists(dir_ / "out.txt"));
}

}  // namespace
}  // namespace attnscope::test
