#include "model/gpt2.hpp"

#include <algorithm>

#include "core/interruption.hpp"
#include "core/parallel.hpp"
#include "model/forward_buffers.hpp"
#include "model/gemm.hpp"
#include "model/self_attention.hpp"
#include "model/token_predictions.hpp"

namespace attnscope {

namespace {

// GPT2LMHeadModel.save_pretrained prefixes `transformer.`; the original gpt2 files do not.
WeightTable gpt2_weights(io::TensorStore store, Precision precision) {
  std::string prefix = store.contains("transformer.wte.weight") ? "transformer." : "";
  return WeightTable(std::move(store), std::move(prefix), precision);
}

}  // namespace

Gpt2Model::Gpt2Model(ModelConfig config, io::TensorStore store, Precision precision)
    : config_(std::move(config)), weights_(gpt2_weights(std::move(store), precision)) {
  const int64_t D = config_.hidden_size, I = config_.intermediate_size;
  const float eps = config_.layer_norm_eps;
  auto& w = weights_;
  wte_ = w.take("wte.weight", {config_.vocab_size, D});
  wpe_ = w.take("wpe.weight", {config_.max_positions, D});
  auto norm = [&](const std::string& module) {
    return LayerNormWeights{w.take(module + ".weight", {D}), w.take(module + ".bias", {D}), eps};
  };
  auto conv1d = [&](const std::string& module, int64_t in, int64_t out) {
    Linear layer{.weight = w.take_transposed(module + ".weight", in, out),
                 .bias = w.take(module + ".bias", {out}),
                 .in = static_cast<int>(in),
                 .out = static_cast<int>(out)};
    layer.weight_bf16 = w.bf16_copy(layer.weight, out * in);
    return layer;
  };
  for (int l = 0; l < config_.layers; ++l) {
    std::string p = "h." + std::to_string(l) + ".";
    blocks_.push_back({norm(p + "ln_1"), conv1d(p + "attn.c_attn", D, 3 * D),
                       conv1d(p + "attn.c_proj", D, D), norm(p + "ln_2"),
                       conv1d(p + "mlp.c_fc", D, I), conv1d(p + "mlp.c_proj", I, D)});
  }
  ln_f_ = norm("ln_f");
}

ForwardOutput Gpt2Model::forward(const Batch& batch, const ForwardOptions& options) const {
  check_batch(batch, config_);
  ForwardOutput out = allocate_output(batch, config_, options);
  const std::size_t T = batch.seq_len, rows = static_cast<std::size_t>(batch.size) * T;
  const int D = config_.hidden_size;
  // One buffer holds q | k | v | context while a block attends, then its MLP activations, which
  // come after those are spent (at T = 512 this keeps peak memory down).
  Scratch x(rows * D), h(rows * D),
      work(rows * std::max<std::size_t>(4 * D, config_.intermediate_size));
  float* const qkv = work.data();
  float* const context = work.data() + rows * 3 * D;
  float* const mlp = work.data();

  // x[B·T, D] = wte[ids] + wpe[t]
  parallel_for(rows, [&](std::size_t begin, std::size_t end) {
    for (std::size_t r = begin; r < end; ++r) {
      const float* token = wte_ + static_cast<std::size_t>(batch.ids[r]) * D;
      const float* position = wpe_ + (r % T) * D;
      for (int i = 0; i < D; ++i) x.data()[r * D + i] = token[i] + position[i];
    }
  });
  store_hidden(x.data(), batch, config_, 0, out);
  for (int l = 0; l < config_.layers; ++l) {
    throw_if_interrupted();
    const Block& block = blocks_[l];
    // GPT2Attention: c_attn gives q | k | v in one [B·T, 3D] buffer.
    layer_norm(x.data(), rows, D, block.ln_1, h.data());
    linear(h.data(), rows, block.c_attn, qkv);
    AttentionInputs in{qkv,
                       qkv + D,
                       qkv + 2 * D,
                       3 * D,
                       batch.lengths.data(),
                       batch.size,
                       batch.seq_len,
                       config_.heads,
                       config_.head_dim(),
                       /*causal=*/true};
    store_query_key(in, l, options, out);
    self_attention(in, attention_slice(out, config_, batch.seq_len, l),
                   attention_batch_stride(out, config_, batch.seq_len), context);
    linear(context, rows, block.c_proj, x.data(), {.accumulate = true});
    // GPT2MLP: x += c_proj(act(c_fc(ln_2(x))))
    layer_norm(x.data(), rows, D, block.ln_2, h.data());
    linear(h.data(), rows, block.c_fc, mlp, {.activation = hidden_activation(config_)});
    linear(mlp, rows, block.mlp_c_proj, x.data(), {.accumulate = true});
    // Hugging Face's last hidden state is taken after ln_f, below.
    if (l + 1 < config_.layers) store_hidden(x.data(), batch, config_, l + 1, out);
  }
  layer_norm(x.data(), rows, D, ln_f_, x.data());
  store_hidden(x.data(), batch, config_, config_.layers, out);
  store_hidden_last(x.data(), batch, config_, out);
  // The LM head, tied to wte: logits = h · wteᵀ.
  if (options.next_token_argmax || options.top_tokens > 0) {
    const int k = std::max(1, options.top_tokens);
    top_tokens(x.data(), batch, {wte_, nullptr, config_.vocab_size, config_.hidden_size}, k,
               out.top_token_ids, out.top_token_probabilities);
    if (options.next_token_argmax) {
      out.next_token_argmax.resize(out.top_token_ids.size() / k);
      for (std::size_t i = 0; i < out.next_token_argmax.size(); ++i)
        out.next_token_argmax[i] = out.top_token_ids[i * k];
    }
    if (options.top_tokens == 0) {
      out.top_token_ids.clear();
      out.top_token_probabilities.clear();
    }
  }
  return out;
}

}  // namespace attnscope
