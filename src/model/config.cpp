#include "model/config.hpp"

#include <cstdio>

#include "core/error.hpp"
#include "io/json_file.hpp"

namespace attnscope {

namespace {

// No config.json of a real model comes near these; larger values are corrupt or hostile, and
// refusing them keeps every size computed from them (4·D, L·H·T², the weight shapes) in range.
constexpr int kMaxCount = 1 << 24;
constexpr double kMaxWeights = 68719476736.0;  // 2^36 (256 GiB of fp32)

bool present(const nlohmann::json& j, const char* key) {
  return j.contains(key) && !j[key].is_null();
}

int count(const nlohmann::json& j, const char* key, const std::string& src) {
  return io::json_count(j, key, src, kMaxCount);
}

float layer_norm_eps(const nlohmann::json& j, const char* key, const std::string& src,
                     double fallback) {
  double eps = io::json_value_or<double>(j, key, src, fallback);
  if (!(eps >= 0 && eps < 1))  // also refuses NaN, and what no float can hold (1e300)
    throw Error(src + ": " + key + " must be a small non-negative number, got " + j[key].dump());
  return static_cast<float>(eps);
}

// BERT and GPT-2 name the same quantities differently; both map onto ModelConfig.
ModelConfig load_bert(const nlohmann::json& j, const std::string& src) {
  ModelConfig c;
  c.model_type = "bert";
  c.architecture = Architecture::Bert;
  c.vocab_size = count(j, "vocab_size", src);
  c.hidden_size = count(j, "hidden_size", src);
  c.layers = count(j, "num_hidden_layers", src);
  c.heads = count(j, "num_attention_heads", src);
  c.intermediate_size = count(j, "intermediate_size", src);
  c.max_positions = count(j, "max_position_embeddings", src);
  c.type_vocab_size = present(j, "type_vocab_size") ? count(j, "type_vocab_size", src) : 2;
  c.layer_norm_eps = layer_norm_eps(j, "layer_norm_eps", src, 1e-12);
  c.activation = io::json_value_or<std::string>(j, "hidden_act", src, "gelu");
  std::string position =
      io::json_value_or<std::string>(j, "position_embedding_type", src, "absolute");
  if (position != "absolute")
    throw Error(src + ": position_embedding_type \"" + position +
                "\" is not supported; only \"absolute\" BERT models can be run");
  return c;
}

ModelConfig load_gpt2(const nlohmann::json& j, const std::string& src) {
  ModelConfig c;
  c.model_type = "gpt2";
  c.architecture = Architecture::Gpt2;
  c.vocab_size = count(j, "vocab_size", src);
  c.hidden_size = count(j, "n_embd", src);
  c.layers = count(j, "n_layer", src);
  c.heads = count(j, "n_head", src);
  c.intermediate_size = present(j, "n_inner") ? count(j, "n_inner", src) : 4 * c.hidden_size;
  c.max_positions = count(j, "n_positions", src);
  c.layer_norm_eps = layer_norm_eps(j, "layer_norm_epsilon", src, 1e-5);
  c.activation = io::json_value_or<std::string>(j, "activation_function", src, "gelu_new");
  for (const char* flag : {"scale_attn_by_inverse_layer_idx", "reorder_and_upcast_attn"})
    if (io::json_value_or<bool>(j, flag, src, false))
      throw Error(src + ": \"" + flag + "\" is not supported by attnscope's GPT-2");
  return c;
}

void check(const ModelConfig& c, const std::string& src) {
  if (c.hidden_size % c.heads != 0)
    throw Error(src + ": hidden size " + std::to_string(c.hidden_size) +
                " is not divisible by the head count " + std::to_string(c.heads));
  // The weights these sizes call for (embeddings, then per layer attention and MLP), in double:
  // each count is below 2^24, so the products cannot overflow it.
  const double D = c.hidden_size, I = c.intermediate_size;
  const double weights = (double(c.vocab_size) + c.max_positions + c.type_vocab_size) * D +
                         double(c.layers) * (4 * D * D + 2 * D * I);
  if (weights > kMaxWeights) {
    char amount[32];
    std::snprintf(amount, sizeof amount, "%.3g", weights);
    throw Error(src + ": its sizes describe a model of " + amount +
                " weights, more than the 2^36 attnscope can hold; the config is corrupt");
  }
  if (c.activation != "gelu" && c.activation != "gelu_new" && c.activation != "gelu_pytorch_tanh")
    throw Error(src + ": activation \"" + c.activation +
                "\" is not supported (gelu, gelu_new, gelu_pytorch_tanh)");
}

}  // namespace

ModelConfig ModelConfig::load(const std::filesystem::path& config_json) {
  auto json = io::read_json_file(config_json);
  std::string src = config_json.string();
  if (!json.is_object()) throw Error(src + " is not a JSON object");
  std::string type = io::json_value<std::string>(json, "model_type", src);
  ModelConfig config;
  if (type == "bert") {
    config = load_bert(json, src);
  } else if (type == "gpt2") {
    config = load_gpt2(json, src);
  } else {
    throw Error(src + ": model_type \"" + type +
                "\" is not supported; attnscope runs \"bert\" and \"gpt2\" models");
  }
  check(config, src);
  return config;
}

}  // namespace attnscope
