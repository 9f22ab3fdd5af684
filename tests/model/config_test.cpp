// config.json: every number the forward pass uses is a positive integer in range, read exactly or
// refused in one line naming the file and the key; never rounded, wrapped or overflowed.
#include "model/config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>  // getpid

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "support/fixtures.hpp"

namespace attnscope {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;

class ConfigFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("attnscope-config-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  json fixture(const std::string& model) {
    std::ifstream in(test::model_fixture(model) / "config.json");
    return json::parse(in);
  }
  // Writes `config` (raw JSON text) as config.json and returns the error loading it.
  std::string error_loading(const std::string& config) {
    std::ofstream(dir_ / "config.json") << config;
    try {
      ModelConfig::load(dir_ / "config.json");
    } catch (const Error& error) {
      return error.what();
    }
    ADD_FAILURE() << config << " was loaded";
    return "";
  }
  // The fixture's config with one value replaced by `value` (JSON text, kept exactly as written).
  std::string error_with(const std::string& model, const std::string& key,
                         const std::string& value) {
    json config = fixture(model);
    config[key] = "@";
    std::string text = config.dump();
    text.replace(text.find("\"@\""), 3, value);
    return error_loading(text);
  }
  std::string path() const { return (dir_ / "config.json").string(); }

  fs::path dir_;
};

TEST_F(ConfigFile, FixturesLoadExactly) {
  ModelConfig bert = ModelConfig::load(test::model_fixture("tiny-bert") / "config.json");
  EXPECT_EQ(bert.heads, 4);
  EXPECT_EQ(bert.hidden_size, 64);
  EXPECT_EQ(bert.layers, 3);
  EXPECT_EQ(bert.vocab_size, 30522);
  EXPECT_FLOAT_EQ(bert.layer_norm_eps, 1e-12f);
  ModelConfig gpt2 = ModelConfig::load(test::model_fixture("tiny-gpt2") / "config.json");
  EXPECT_EQ(gpt2.intermediate_size, 4 * 64);  // n_inner null: 4·n_embd
  EXPECT_EQ(gpt2.max_positions, 128);
}

// 4294967300 ran as 4 heads, 4.7 as 4 and true as 1; 1e30 was undefined behaviour.
TEST_F(ConfigFile, CountsMustBePositiveIntegers) {
  for (const char* value : {"4.7", "true", "1e30", "0", "-4", "\"4\"", "[4]"}) {
    SCOPED_TRACE(value);
    EXPECT_EQ(error_with("tiny-bert", "num_attention_heads", value),
              path() + ": num_attention_heads must be a positive integer, got " +
                  json::parse(value).dump());
  }
}

TEST_F(ConfigFile, CountsMustBeInRange) {
  EXPECT_EQ(error_with("tiny-bert", "num_attention_heads", "4294967300"),
            path() + ": num_attention_heads must be at most 16777216, got 4294967300");
  EXPECT_EQ(error_with("tiny-gpt2", "n_embd", "600000000"),
            path() + ": n_embd must be at most 16777216, got 600000000");
}

// Each count in range, but the weights they imply would not fit any size computed from them:
// 1000 layers of 12·D² weights (attention 4·D², MLP 2·D·4D) at D = 2^20 make 1.32e16.
TEST_F(ConfigFile, SizesTogetherMustDescribeAModelThatFits) {
  json config = fixture("tiny-gpt2");
  config["n_embd"] = 1 << 20;
  config["n_head"] = 1;
  config["n_layer"] = 1000;
  EXPECT_THAT(error_loading(config.dump()),
              HasSubstr(path() + ": its sizes describe a model of 1.32e+16 weights, more than the "
                                 "2^36 attnscope can hold"));
}

TEST_F(ConfigFile, LayerNormEpsilonMustBeASmallNumber) {
  EXPECT_EQ(error_with("tiny-gpt2", "layer_norm_epsilon", "1e300"),
            path() + ": layer_norm_epsilon must be a small non-negative number, got 1e+300");
  EXPECT_EQ(error_with("tiny-bert", "layer_norm_eps", "true"),
            path() + ": layer_norm_eps must be a number, got true");
}

// These went through nlohmann's own conversions, whose messages name no file.
TEST_F(ConfigFile, WronglyTypedOptionsNameTheFile) {
  EXPECT_EQ(error_with("tiny-bert", "position_embedding_type", "3"),
            path() + ": position_embedding_type must be a string, got 3");
  EXPECT_EQ(error_with("tiny-gpt2", "reorder_and_upcast_attn", "\"yes\""),
            path() + ": reorder_and_upcast_attn must be true or false, got \"yes\"");
  EXPECT_EQ(error_with("tiny-gpt2", "activation_function", "1"),
            path() + ": activation_function must be a string, got 1");
}

}  // namespace
}  // namespace attnscope
