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

std::size_t attention_batch_stride(const ModelConfig& config, int seq_len) {
  return static_cast<std::size_t>(config.layers) * config.heads * seq_len * seq_len;
}

float* attention_slice(ForwardOutput& out, const ModelConfig& config, int seq_len, int layer) {
  if (out.attentions.empty()) return nullptr;
  return out.attentions.data() + static_cast<std::size_t>(layer) * config.heads * seq_len * seq_len;
}

ForwardOutput allocate_output(const Batch& batch, const ModelConfig& config,
                              const ForwardOptions& options) {
  ForwardOutput out;
  const std::size_t B = batch.size, T = batch.seq_len, D = config.hidden_size;
  if (options.attentions)
    out.attentions = huge_zero_vector(B * attention_batch_stride(config, batch.seq_len));
  if (options.hidden_states) out.hidden_states = huge_zero_vector(B * (config.layers + 1) * T * D);
  out.hidden_last = huge_zero_vector(B * T * D);
  return out;
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
