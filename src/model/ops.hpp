#pragma once
// The building blocks of both architectures, on row-major float matrices [rows][cols].
// GEMMs go to OpenBLAS; element-wise and row-wise ops are vectorised and split across threads.
#include <cstddef>

namespace attnscope {

// A dense layer y = x·Wᵀ + b. Hugging Face stores nn.Linear weights [out, in] and GPT-2's
// Conv1D weights [in, out]; BLAS reads either in place.
struct Linear {
  const float* weight = nullptr;
  const float* bias = nullptr;  // [out]
  int in = 0, out = 0;
  bool weight_in_out = false;  // true for Conv1D [in, out]
};

// y[rows, out] = x[rows, in] · W + b; `ldy` is y's row stride (default `out`).
void linear(const float* x, std::size_t rows, const Linear& layer, float* y, int ldy = 0);

struct LayerNormWeights {
  const float* weight = nullptr;  // γ [dim]
  const float* bias = nullptr;    // β [dim]
  float eps = 1e-5f;
};

// out = (x - mean) / sqrt(var + eps) · γ + β per row (biased variance, as torch); out may be x.
void layer_norm(const float* x, std::size_t rows, int dim, const LayerNormWeights& ln, float* out);

// x += y, element-wise over n values.
void add_inplace(float* x, const float* y, std::size_t n);

// Hugging Face "gelu": 0.5·x·(1 + erf(x/√2)).
void gelu_erf_inplace(float* x, std::size_t n);
// Hugging Face "gelu_new" / torch gelu(approximate="tanh").
void gelu_tanh_inplace(float* x, std::size_t n);

// The config's hidden activation: "gelu" → erf form, "gelu_new"/"gelu_pytorch_tanh" → tanh.
struct ModelConfig;
void activation(const ModelConfig& config, float* x, std::size_t n);

// Softmax of row[0, n) in place (max-subtracted, as torch).
void softmax_row(float* row, int n);

}  // namespace attnscope
