#pragma once
// What BERT and GPT-2 share around their layers: checking a batch against the config, and the
// output tensors each forward pass fills.
#include <cstddef>
#include <memory>

#include "core/huge_pages.hpp"
#include "model/config.hpp"
#include "model/model.hpp"
#include "model/self_attention.hpp"

namespace attnscope {

// Scratch activations, left uninitialised: every element is written before it is read.
class Scratch {
 public:
  explicit Scratch(std::size_t n) : data_(allocate_huge_floats(n)), size_(n) {}
  float* data() const { return data_.get(); }
  std::size_t size() const { return size_; }

 private:
  std::unique_ptr<float[], FreeDeleter> data_;
  std::size_t size_;
};

// Throws Error (one line) for ids outside the vocabulary, type ids outside type_vocab_size,
// more tokens than max_positions, or inconsistent sizes.
void check_batch(const Batch& batch, const ModelConfig& config);

// Zero-filled outputs of the sizes `options` asks for.
ForwardOutput allocate_output(const Batch& batch, const ModelConfig& config,
                              const ForwardOptions& options);

// Copies the real rows of the activations x [B·T][D] into hidden_states slot `index` of every
// text (padding rows stay 0); a no-op when hidden states were not asked for.
void store_hidden(const float* x, const Batch& batch, const ModelConfig& config, int index,
                  ForwardOutput& out);
// The same into hidden_last.
void store_hidden_last(const float* x, const Batch& batch, const ModelConfig& config,
                       ForwardOutput& out);

// Copies layer `layer`'s query and key vectors out of `in` when the options that sized `out`
// asked for that layer; a no-op otherwise.
void store_query_key(const AttentionInputs& in, int layer, const ForwardOptions& options,
                     ForwardOutput& out);

// Layer `layer`'s slice of the attention output, or null when that layer is not kept: text b's
// heads start at result + b·attention_batch_stride(out, config, T).
float* attention_slice(ForwardOutput& out, const ModelConfig& config, int seq_len, int layer);
std::size_t attention_batch_stride(const ForwardOutput& out, const ModelConfig& config,
                                   int seq_len);

}  // namespace attnscope
