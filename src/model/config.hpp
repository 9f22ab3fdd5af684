#pragma once
// config.json, with the values the forward pass needs under one set of names for every
// architecture (BERT's num_hidden_layers and GPT-2's n_layer are both `layers`).
#include <filesystem>
#include <string>

namespace attnscope {

enum class Architecture { Bert, Gpt2 };

// Whether a query may attend only to itself and earlier keys. The one place that says which
// architectures are causal: analyses and figures ask this, not the architecture.
constexpr bool is_causal(Architecture architecture) { return architecture == Architecture::Gpt2; }

// "bert" / "gpt2", as config.json's model_type and attnscope's files name them.
constexpr const char* architecture_name(Architecture architecture) {
  return architecture == Architecture::Bert ? "bert" : "gpt2";
}

struct ModelConfig {
  std::string model_type;  // "bert" or "gpt2"
  Architecture architecture = Architecture::Bert;
  int vocab_size = 0;
  int hidden_size = 0;        // D
  int layers = 0;             // L
  int heads = 0;              // H
  int intermediate_size = 0;  // MLP width (GPT-2: n_inner or 4·D)
  int max_positions = 0;      // max_position_embeddings / n_positions
  int type_vocab_size = 0;    // BERT segments
  float layer_norm_eps = 0;
  std::string activation;  // "gelu" (erf) or "gelu_new" (tanh)

  int head_dim() const { return hidden_size / heads; }
  bool causal() const { return is_causal(architecture); }
  static ModelConfig load(const std::filesystem::path& config_json);
};

}  // namespace attnscope
