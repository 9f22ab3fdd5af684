#include "model/config.hpp"

#include "core/error.hpp"
#include "io/json_file.hpp"

namespace attnscope {

namespace {

// BERT and GPT-2 name the same quantities differently; both map onto ModelConfig.
ModelConfig load_bert(const nlohmann::json& j, const std::string& src) {
  ModelConfig c;
  c.model_type = "bert";
  c.architecture = Architecture::Bert;
  c.vocab_size = io::json_value<int>(j, "vocab_size", src);
  c.hidden_size = io::json_value<int>(j, "hidden_size", src);
  c.layers = io::json_value<int>(j, "num_hidden_layers", src);
  c.heads = io::json_value<int>(j, "num_attention_heads", src);
  c.intermediate_size = io::json_value<int>(j, "intermediate_size", src);
  c.max_positions = io::json_value<int>(j, "max_position_embeddings", src);
  c.type_vocab_size =
      j.contains("type_vocab_size") ? io::json_value<int>(j, "type_vocab_size", src) : 2;
  c.layer_norm_eps = j.contains("layer_norm_eps")
                         ? static_cast<float>(io::json_value<double>(j, "layer_norm_eps", src))
                         : 1e-12f;
  c.activation =
      j.contains("hidden_act") ? io::json_value<std::string>(j, "hidden_act", src) : "gelu";
  std::string position = j.value("position_embedding_type", std::string("absolute"));
  if (position != "absolute")
    throw Error(src + ": position_embedding_type \"" + position +
                "\" is not supported; only \"absolute\" BERT models can be run");
  return c;
}

ModelConfig load_gpt2(const nlohmann::json& j, const std::string& src) {
  ModelConfig c;
  c.model_type = "gpt2";
  c.architecture = Architecture::Gpt2;
  c.vocab_size = io::json_value<int>(j, "vocab_size", src);
  c.hidden_size = io::json_value<int>(j, "n_embd", src);
  c.layers = io::json_value<int>(j, "n_layer", src);
  c.heads = io::json_value<int>(j, "n_head", src);
  c.intermediate_size = j.contains("n_inner") && !j["n_inner"].is_null()
                            ? io::json_value<int>(j, "n_inner", src)
                            : 4 * c.hidden_size;
  c.max_positions = io::json_value<int>(j, "n_positions", src);
  c.layer_norm_eps = j.contains("layer_norm_epsilon")
                         ? static_cast<float>(io::json_value<double>(j, "layer_norm_epsilon", src))
                         : 1e-5f;
  c.activation = j.contains("activation_function")
                     ? io::json_value<std::string>(j, "activation_function", src)
                     : "gelu_new";
  for (const char* flag : {"scale_attn_by_inverse_layer_idx", "reorder_and_upcast_attn"})
    if (j.value(flag, false))
      throw Error(src + ": \"" + flag + "\" is not supported by attnscope's GPT-2");
  return c;
}

void check(const ModelConfig& c, const std::string& src) {
  auto positive = [&](int value, const char* what) {
    if (value <= 0)
      throw Error(src + ": " + what + " must be positive, got " + std::to_string(value));
  };
  positive(c.vocab_size, "vocab_size");
  positive(c.hidden_size, "the hidden size");
  positive(c.layers, "the layer count");
  positive(c.heads, "the head count");
  positive(c.intermediate_size, "the intermediate size");
  positive(c.max_positions, "the maximum position count");
  if (c.hidden_size % c.heads != 0)
    throw Error(src + ": hidden size " + std::to_string(c.hidden_size) +
                " is not divisible by the head count " + std::to_string(c.heads));
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
