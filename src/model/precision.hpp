#pragma once
// The arithmetic of a model's weight products. fp32 is Hugging Face's eager path and the only
// one the goldens hold to; bf16 is an opt-in fast mode for corpus-scale runs.
#include <string_view>

namespace attnscope {

// bf16: the layers' weight products (the q/k/v and output projections, both MLP matrices) round
// their inputs and weights to bfloat16 and accumulate in fp32. QKᵀ and P·V stay fp32, since
// they make the attention probabilities themselves (and are at most a tenth of the work up to
// 512 tokens), and so do the prediction heads, whose bf16 copy of the embeddings would cost more
// memory than it saves time.
enum class Precision { fp32, bf16 };

// What a figure made in bf16 says under it; the bound is the one
// GoldenFull.Bf16StaysNearHuggingFace holds the full-size models to (measured: 0.025).
constexpr std::string_view kBf16Note =
    "Computed with --precision bf16 (bfloat16 weight products): weights within 0.05 of fp32's.";

constexpr std::string_view precision_name(Precision precision) {
  return precision == Precision::bf16 ? "bf16" : "fp32";
}

}  // namespace attnscope
