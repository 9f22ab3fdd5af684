#pragma once
// The building blocks of both architectures, on row-major float matrices [rows][cols].
// Matrix products go through model/gemm.hpp; element-wise and row-wise ops are vectorised (for
// the best instruction set the CPU has, chosen at run time) and split across threads.
#include <cstddef>
#include <cstdint>

#include "model/gemm.hpp"

namespace attnscope {

// A dense layer y = x·Wᵀ + b with nn.Linear's weights [out, in] (GPT-2's Conv1D [in, out] ones
// are transposed at load: WeightTable::take_transposed).
struct Linear {
  const float* weight = nullptr;  // [out, in]
  const float* bias = nullptr;    // [out]
  int in = 0, out = 0;
  const std::uint16_t* weight_bf16 = nullptr;  // weight's bf16 copy in Precision::bf16, else null
};

// What linear() does with its product, fused into the GEMM.
struct LinearOutput {
  int ldy = 0;              // y's row stride; 0 means `out`
  bool accumulate = false;  // y += x·W + b (a residual connection) rather than y = x·W + b
  Activation activation = Activation::none;
};

// y[rows, out] = x[rows, in] · W + b, then `output`'s accumulation and activation.
void linear(const float* x, std::size_t rows, const Linear& layer, float* y,
            const LinearOutput& output = {});

struct LayerNormWeights {
  const float* weight = nullptr;  // γ [dim]
  const float* bias = nullptr;    // β [dim]
  float eps = 1e-5f;
};

// out = (x - mean) / sqrt(var + eps) · γ + β per row (biased variance, as torch); out may be x.
void layer_norm(const float* x, std::size_t rows, int dim, const LayerNormWeights& ln, float* out);

// The config's hidden activation: "gelu" → erf form, "gelu_new"/"gelu_pytorch_tanh" → tanh.
struct ModelConfig;
Activation hidden_activation(const ModelConfig& config);

// Softmax of row[0, n) in place (max-subtracted, as torch).
void softmax_row(float* row, int n);

}  // namespace attnscope
