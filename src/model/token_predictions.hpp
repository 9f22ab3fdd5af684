#pragma once
// What a language-model head predicts at each position: the k most likely vocabulary tokens
// and their softmax probabilities, from final hidden states and an output embedding (GPT-2's
// LM head tied to wte; BERT's MLM decoder tied to the word embeddings, plus its bias).
#include <cstdint>
#include <vector>

#include "model/model.hpp"

namespace attnscope {

struct OutputEmbedding {
  const float* weight = nullptr;  // [V, D]
  const float* bias = nullptr;    // [V], or null
  int vocab_size = 0;
  int dim = 0;
};

// For every real row of h [B·T, D]: ids [B][T][k] in descending probability, and those
// probabilities (softmax over the whole vocabulary); padding rows stay 0.
void top_tokens(const float* h, const Batch& batch, const OutputEmbedding& head, int k,
                std::vector<int32_t>& ids, std::vector<float>& probabilities);

}  // namespace attnscope
