#pragma once
// The common interface of every architecture: a padded batch of ids in, attentions and hidden
// states out, computed as Hugging Face's eager fp32 path computes them.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "model/config.hpp"
#include "model/precision.hpp"

namespace attnscope {

struct Batch {
  int size = 0;                   // B
  int seq_len = 0;                // T, the longest text; shorter ones are padded on the right
  std::vector<int32_t> ids;       // [B][T]
  std::vector<int32_t> type_ids;  // [B][T], BERT segments; empty means all 0
  std::vector<int32_t> lengths;   // [B], real tokens of each text
};

struct ForwardOptions {
  bool attentions = true;  // capture attention probabilities
  // The layers whose probabilities are kept, ascending; empty means every layer. Others are
  // never written anywhere (corpus runs that study a few layers pay for those only).
  std::vector<int> attention_layers;
  bool hidden_states = false;      // capture the embedding output and every layer's output
  bool next_token_argmax = false;  // GPT-2: run the tied LM head (costs a [T, V] GEMM)
  // The k most likely tokens at each position from the model's prediction head (GPT-2's next
  // token, BERT's masked-LM fill-in), where predicts_tokens(); 0: none.
  int top_tokens = 0;
  // Also keep this layer's query and key vectors (the explorer's neuron view); -1: none.
  int query_key_layer = -1;
};

struct ForwardOutput {
  std::vector<float> attentions;           // [B][L'][H][T][T]; masked and padded cells exactly 0
  std::vector<int> attention_layers;       // the L' layers in `attentions`, ascending
  std::vector<float> hidden_states;        // [B][L+1][T][D] when asked
  std::vector<float> hidden_last;          // [B][T][D]; GPT-2: after ln_f
  std::vector<int32_t> next_token_argmax;  // GPT-2 only: [B][T], argmax of the tied LM head
  std::vector<int32_t> top_token_ids;      // [B][T][top_tokens], most likely first
  std::vector<float> top_token_probabilities;  // the same cells: softmax over the vocabulary
  // options.query_key_layer's projections as the attention used them (bias added, before the
  // 1/√dh scale): [B][H][T][dh] each, padding rows 0; empty when not asked.
  std::vector<float> queries, keys;
};

class Model {
 public:
  virtual ~Model() = default;
  virtual const ModelConfig& config() const = 0;
  virtual ForwardOutput forward(const Batch& batch, const ForwardOptions& options = {}) const = 0;
  // Whether the checkpoint has a head that predicts tokens (GPT-2's tied LM head always;
  // BERT's `cls.predictions` only in BertForMaskedLM/BertForPreTraining checkpoints).
  virtual bool predicts_tokens() const = 0;
  // The arithmetic of the weight products, chosen at load.
  virtual Precision precision() const = 0;

  // Reads config.json and the weights (safetensors, sharded or not) of a model folder; bf16 also
  // keeps a bfloat16 copy of every layer's weight matrices (half their size again).
  static std::unique_ptr<Model> load(const std::filesystem::path& dir,
                                     Precision precision = Precision::fp32);
};

}  // namespace attnscope
