#pragma once
// Scaled dot-product attention over a right-padded batch, shared by BERT and GPT-2: the
// eager_attention_forward of Hugging Face, with the probabilities written where the caller
// wants them.
#include <cstddef>
#include <cstdint>

namespace attnscope {

struct AttentionInputs {
  // Row b·T + t holds token t of text b; head h occupies columns [h·dh, (h+1)·dh).
  const float* query = nullptr;
  const float* key = nullptr;
  const float* value = nullptr;
  int row_stride = 0;                // D for separate Q/K/V, 3·D for GPT-2's fused c_attn output
  const int32_t* lengths = nullptr;  // [B] real tokens; keys past it are masked
  int batch = 0, seq_len = 0, heads = 0, head_dim = 0;
  bool causal = false;  // GPT-2: query i sees keys 0..i
};

// probs: when non-null, head h of text b goes to probs + b·batch_stride + h·T·T as [T][T];
// masked and padded cells are left untouched (the caller zero-fills). context: [B·T][H·dh],
// rows of padding left untouched.
void self_attention(const AttentionInputs& in, float* probs, std::size_t batch_stride,
                    float* context);

}  // namespace attnscope
