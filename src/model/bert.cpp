#include "model/bert.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/interruption.hpp"
#include "core/parallel.hpp"
#include "model/forward_buffers.hpp"
#include "model/self_attention.hpp"
#include "model/token_predictions.hpp"

namespace attnscope {

namespace {

// Original checkpoints (bert-base-uncased) prefix every name with `bert.`; BertModel's own
// save_pretrained does not.
WeightTable bert_weights(io::TensorStore store, Precision precision) {
  std::string prefix = store.contains("bert.embeddings.word_embeddings.weight") ? "bert." : "";
  return WeightTable(std::move(store), std::move(prefix), precision);
}

}  // namespace

BertModel::BertModel(ModelConfig config, io::TensorStore store, Precision precision)
    : config_(std::move(config)), weights_(bert_weights(std::move(store), precision)) {
  const int64_t D = config_.hidden_size, I = config_.intermediate_size;
  const float eps = config_.layer_norm_eps;
  auto& w = weights_;
  word_embeddings_ = w.take("embeddings.word_embeddings.weight", {config_.vocab_size, D});
  position_embeddings_ =
      w.take("embeddings.position_embeddings.weight", {config_.max_positions, D});
  token_type_embeddings_ =
      w.take("embeddings.token_type_embeddings.weight", {std::max(config_.type_vocab_size, 1), D});
  embeddings_norm_ = {w.take_norm_weight("embeddings.LayerNorm", D),
                      w.take_norm_bias("embeddings.LayerNorm", D), eps};
  auto linear = [&](const std::string& module, int64_t out, int64_t in) {
    Linear layer{.weight = w.take(module + ".weight", {out, in}),
                 .bias = w.take(module + ".bias", {out}),
                 .in = static_cast<int>(in),
                 .out = static_cast<int>(out)};
    layer.weight_bf16 = w.bf16_copy(layer.weight, out * in);
    return layer;
  };
  for (int l = 0; l < config_.layers; ++l) {
    std::string p = "encoder.layer." + std::to_string(l) + ".";
    Layer layer;
    layer.query = linear(p + "attention.self.query", D, D);
    layer.key = linear(p + "attention.self.key", D, D);
    layer.value = linear(p + "attention.self.value", D, D);
    layer.attention_output = linear(p + "attention.output.dense", D, D);
    layer.attention_norm = {w.take_norm_weight(p + "attention.output.LayerNorm", D),
                            w.take_norm_bias(p + "attention.output.LayerNorm", D), eps};
    layer.intermediate = linear(p + "intermediate.dense", I, D);
    layer.output = linear(p + "output.dense", D, I);
    layer.output_norm = {w.take_norm_weight(p + "output.LayerNorm", D),
                         w.take_norm_bias(p + "output.LayerNorm", D), eps};
    layers_.push_back(layer);
  }
  if (w.contains_top_level("cls.predictions.transform.dense.weight")) {
    const std::string p = "cls.predictions.";
    mlm_ = MlmHead{
        {w.take_top_level({p + "transform.dense.weight"}, {D, D}),
         w.take_top_level({p + "transform.dense.bias"}, {D}), static_cast<int>(D),
         static_cast<int>(D)},
        {w.take_top_level({p + "transform.LayerNorm.weight", p + "transform.LayerNorm.gamma"}, {D}),
         w.take_top_level({p + "transform.LayerNorm.bias", p + "transform.LayerNorm.beta"}, {D}),
         eps},
        w.take_top_level({p + "bias", p + "decoder.bias"}, {config_.vocab_size})};
  }
}

void BertModel::embeddings(const Batch& batch, float* x) const {
  const std::size_t D = config_.hidden_size, T = batch.seq_len;
  parallel_for(batch.size * T, [&](std::size_t begin, std::size_t end) {
    for (std::size_t r = begin; r < end; ++r) {
      const float* word = word_embeddings_ + batch.ids[r] * D;
      const float* position = position_embeddings_ + (r % T) * D;
      const float* type =
          token_type_embeddings_ + (batch.type_ids.empty() ? 0 : batch.type_ids[r]) * D;
      float* row = x + r * D;
      for (std::size_t i = 0; i < D; ++i) row[i] = word[i] + type[i] + position[i];
    }
  });
  layer_norm(x, batch.size * T, config_.hidden_size, embeddings_norm_, x);
}

ForwardOutput BertModel::forward(const Batch& batch, const ForwardOptions& options) const {
  check_batch(batch, config_);
  ForwardOutput out = allocate_output(batch, config_, options);
  const std::size_t rows = static_cast<std::size_t>(batch.size) * batch.seq_len;
  const int D = config_.hidden_size;
  // One buffer holds q | k | v | context while a layer attends, then its intermediate
  // activations, which come after those are spent (at T = 512 this keeps peak memory down).
  Scratch x(rows * D), attended(rows * D),
      work(rows * std::max<std::size_t>(4 * D, config_.intermediate_size));
  float* const context = work.data() + rows * 3 * D;
  float* const intermediate = work.data();

  embeddings(batch, x.data());
  store_hidden(x.data(), batch, config_, 0, out);
  for (int l = 0; l < config_.layers; ++l) {
    throw_if_interrupted();
    const Layer& layer = layers_[l];
    // BertSelfAttention: q, k and v one after the other, each [B·T, D] and dense: a GEMM writes a
    // dense output faster than every third block of a wide one.
    float* q = work.data();
    float* k = q + rows * D;
    float* v = k + rows * D;
    linear(x.data(), rows, layer.query, q);
    linear(x.data(), rows, layer.key, k);
    linear(x.data(), rows, layer.value, v);
    AttentionInputs in{q,
                       k,
                       v,
                       D,
                       batch.lengths.data(),
                       batch.size,
                       batch.seq_len,
                       config_.heads,
                       config_.head_dim(),
                       /*causal=*/false};
    store_query_key(in, l, options, out);
    self_attention(in, attention_slice(out, config_, batch.seq_len, l),
                   attention_batch_stride(out, config_, batch.seq_len), context);
    // BertSelfOutput: a = LayerNorm(dense(context) + x), the residual added inside the GEMM.
    linear(context, rows, layer.attention_output, x.data(), {.accumulate = true});
    layer_norm(x.data(), rows, D, layer.attention_norm, attended.data());
    // BertIntermediate + BertOutput: x = LayerNorm(dense(gelu(dense(a))) + a)
    linear(attended.data(), rows, layer.intermediate, intermediate,
           {.activation = hidden_activation(config_)});
    linear(intermediate, rows, layer.output, attended.data(), {.accumulate = true});
    layer_norm(attended.data(), rows, D, layer.output_norm, x.data());
    store_hidden(x.data(), batch, config_, l + 1, out);
  }
  store_hidden_last(x.data(), batch, config_, out);
  if (options.top_tokens > 0) {
    if (!mlm_)
      throw Error(
          "this BERT checkpoint has no masked-LM head (cls.predictions), so it predicts no tokens; "
          "use a BertForMaskedLM checkpoint such as bert-base-uncased");
    // BertPredictionHeadTransform: LayerNorm(act(dense(h))), into the spent context buffer.
    linear(x.data(), rows, mlm_->transform, context, {.activation = hidden_activation(config_)});
    layer_norm(context, rows, D, mlm_->norm, context);
    top_tokens(context, batch, {word_embeddings_, mlm_->bias, config_.vocab_size, D},
               options.top_tokens, out.top_token_ids, out.top_token_probabilities);
  }
  return out;
}

}  // namespace attnscope
