#include "model/forward_buffers.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/error.hpp"

namespace attnscope {

void check_batch(const Batch& batch, const ModelConfig& config) {
  const std::size_t cells = static_cast<std::size_t>(batch.size) * batch.seq_len;
  if (batch.size < 0 || batch.seq_len < 0 || batch.ids.size() != cells ||
      batch.lengths.size() != static_cast<std::size_t>(batch.size) ||
      (!batch.type_ids.empty() && batch.type_ids.size() != cells))
    throw Error("internal: inconsistent batch sizes");
  if (batch.seq_len > config.max_positions)
    throw Error("the input has " + std::to_string(batch.seq_len) + " tokens but the model takes " +
                std::to_string(config.max_positions) + " at most; shorten it or pass --truncate");
  for (int32_t len : batch.lengths)
    if (len < 0 || len > batch.seq_len) throw Error("internal: a text length exceeds the batch");
  for (int32_t id : batch.ids)
    if (id < 0 || id >= config.vocab_size)
      throw Error("token id " + std::to_string(id) + " is outside the vocabulary (0.." +
                  std::to_string(config.vocab_size - 1) + ")");
  for (int32_t t : batch.type_ids)
    if (t < 0 || t >= std::max(config.type_vocab_size, 1))
      throw Error("token type id " + std::to_string(t) + " is outside 0.." +
                  std::to_string(std::max(config.type_vocab_size, 1) - 1));
}

std::size_t attention_batch_stride(const ForwardOutput& out, const ModelConfig& config,
                                   int seq_len) {
  return out.attention_layers.size() * config.heads * seq_len * seq_len;
}

float* attention_slice(ForwardOutput& out, const ModelConfig& config, int seq_len, int layer) {
  if (out.attentions.empty()) return nullptr;
  const auto& kept = out.attention_layers;
  const auto it = std::lower_bound(kept.begin(), kept.end(), layer);
  if (it == kept.end() || *it != layer) return nullptr;
  return out.attentions.data() +
         static_cast<std::size_t>(it - kept.begin()) * config.heads * seq_len * seq_len;
}

namespace {

std::vector<int> kept_layers(const ModelConfig& config, const ForwardOptions& options) {
  if (!options.attentions) return {};
  if (options.attention_layers.empty()) {
    std::vector<int> all(config.layers);
    for (int l = 0; l < config.layers; ++l) all[l] = l;
    return all;
  }
  for (std::size_t i = 0; i < options.attention_layers.size(); ++i) {
    const int l = options.attention_layers[i];
    if (l < 0 || l >= config.layers || (i > 0 && l <= options.attention_layers[i - 1]))
      throw Error("internal: attention layers must be distinct, ascending and below " +
                  std::to_string(config.layers));
  }
  return options.attention_layers;
}

}  // namespace

ForwardOutput allocate_output(const Batch& batch, const ModelConfig& config,
                              const ForwardOptions& options) {
  if (options.query_key_layer >= config.layers || options.query_key_layer < -1)
    throw Error("layer " + std::to_string(options.query_key_layer) +
                " is not in the model, which has " + std::to_string(config.layers) +
                " layers (0 to " + std::to_string(config.layers - 1) + ")");
  ForwardOutput out;
  const std::size_t B = batch.size, T = batch.seq_len, D = config.hidden_size;
  out.attention_layers = kept_layers(config, options);
  if (!out.attention_layers.empty())
    out.attentions = huge_zero_vector(B * attention_batch_stride(out, config, batch.seq_len));
  if (options.hidden_states) out.hidden_states = huge_zero_vector(B * (config.layers + 1) * T * D);
  out.hidden_last = huge_zero_vector(B * T * D);
  if (options.query_key_layer >= 0) {
    out.queries = huge_zero_vector(B * T * D);
    out.keys = huge_zero_vector(B * T * D);
  }
  return out;
}

void store_query_key(const AttentionInputs& in, int layer, const ForwardOptions& options,
                     ForwardOutput& out) {
  if (layer != options.query_key_layer) return;
  const std::size_t T = in.seq_len, dh = in.head_dim, H = in.heads;
  for (int b = 0; b < in.batch; ++b)
    for (std::size_t h = 0; h < H; ++h)
      for (int t = 0; t < in.lengths[b]; ++t) {
        const std::size_t row = (b * T + t) * in.row_stride + h * dh;
        const std::size_t to = ((b * H + h) * T + t) * dh;
        std::memcpy(out.queries.data() + to, in.query + row, sizeof(float) * dh);
        std::memcpy(out.keys.data() + to, in.key + row, sizeof(float) * dh);
      }
}

void store_hidden(const float* x, const Batch& batch, const ModelConfig& config, int index,
                  ForwardOutput& out) {
  if (out.hidden_states.empty()) return;
  const std::size_t T = batch.seq_len, D = config.hidden_size, L1 = config.layers + 1;
  for (int b = 0; b < batch.size; ++b)
    std::memcpy(out.hidden_states.data() + ((b * L1 + index) * T) * D, x + b * T * D,
                sizeof(float) * batch.lengths[b] * D);
}

void store_hidden_last(const float* x, const Batch& batch, const ModelConfig& config,
                       ForwardOutput& out) {
  const std::size_t T = batch.seq_len, D = config.hidden_size;
  for (int b = 0; b < batch.size; ++b)
    std::memcpy(out.hidden_last.data() + b * T * D, x + b * T * D,
                sizeof(float) * batch.lengths[b] * D);
}

}  // namespace attnscope
