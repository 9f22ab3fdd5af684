#pragma once
// BertModel (transformers/models/bert/modeling_bert.py), eager fp32, inference only:
// BertEmbeddings → BertLayer × L (BertSelfAttention, BertSelfOutput, BertIntermediate,
// BertOutput), and BertOnlyMLMHead's predictions when the checkpoint has `cls.predictions`
// (BertForMaskedLM, BertForPreTraining). The pooler is not needed and not loaded.
#include <optional>
#include <vector>

#include "io/tensor_store.hpp"
#include "model/model.hpp"
#include "model/ops.hpp"
#include "model/weight_table.hpp"

namespace attnscope {

class BertModel final : public Model {
 public:
  // Checks every tensor's name and shape; accepts the `bert.`-prefixed gamma/beta layout of
  // the original checkpoints and the unprefixed weight/bias layout of save_pretrained.
  BertModel(ModelConfig config, io::TensorStore store, Precision precision = Precision::fp32);

  const ModelConfig& config() const override { return config_; }
  ForwardOutput forward(const Batch& batch, const ForwardOptions& options = {}) const override;
  bool predicts_tokens() const override { return mlm_.has_value(); }
  Precision precision() const override { return weights_.precision(); }

 private:
  struct Layer {
    Linear query, key, value;         // BertSelfAttention      [D, D] each
    Linear attention_output;          // BertSelfOutput.dense   [D, D]
    LayerNormWeights attention_norm;  // BertSelfOutput.LayerNorm
    Linear intermediate;              // BertIntermediate.dense [I, D]
    Linear output;                    // BertOutput.dense       [D, I]
    LayerNormWeights output_norm;     // BertOutput.LayerNorm
  };

  // BertPredictionHeadTransform (dense, activation, LayerNorm), then the decoder tied to the word
  // embeddings plus its own bias.
  struct MlmHead {
    Linear transform;
    LayerNormWeights norm;
    const float* bias;  // [V]
  };

  // x[B·T, D] = LayerNorm(word[ids] + position[t] + token_type[type_ids])
  void embeddings(const Batch& batch, float* x) const;

  ModelConfig config_;
  WeightTable weights_;
  const float* word_embeddings_;        // [V, D]
  const float* position_embeddings_;    // [P, D]
  const float* token_type_embeddings_;  // [type_vocab, D]
  LayerNormWeights embeddings_norm_;
  std::vector<Layer> layers_;
  std::optional<MlmHead> mlm_;
};

}  // namespace attnscope
