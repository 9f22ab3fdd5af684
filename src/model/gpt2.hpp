#pragma once
// GPT2LMHeadModel (transformers/models/gpt2/modeling_gpt2.py), eager fp32, inference only:
// wte + wpe → GPT2Block × L (ln_1, GPT2Attention with a causal mask, ln_2, GPT2MLP) → ln_f,
// and the LM head tied to wte for next-token argmax.
#include <vector>

#include "io/tensor_store.hpp"
#include "model/model.hpp"
#include "model/ops.hpp"
#include "model/weight_table.hpp"

namespace attnscope {

class Gpt2Model final : public Model {
 public:
  // Checks every tensor's name and shape; accepts names with or without `transformer.` and
  // ignores the h.N.attn.bias / masked_bias buffers of the original checkpoints.
  Gpt2Model(ModelConfig config, io::TensorStore store, Precision precision = Precision::fp32);

  const ModelConfig& config() const override { return config_; }
  ForwardOutput forward(const Batch& batch, const ForwardOptions& options = {}) const override;
  bool predicts_tokens() const override { return true; }
  Precision precision() const override { return weights_.precision(); }

 private:
  struct Block {
    LayerNormWeights ln_1;
    Linear c_attn;  // Conv1D [D, 3D]: q | k | v
    Linear c_proj;  // Conv1D [D, D]
    LayerNormWeights ln_2;
    Linear c_fc;        // Conv1D [D, I]
    Linear mlp_c_proj;  // Conv1D [I, D]
  };

  ModelConfig config_;
  WeightTable weights_;
  const float* wte_;  // [V, D], also the LM head
  const float* wpe_;  // [P, D]
  std::vector<Block> blocks_;
  LayerNormWeights ln_f_;
};

}  // namespace attnscope
