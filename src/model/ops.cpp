#include "model/ops.hpp"

#include <algorithm>
#include <cmath>

#include "core/parallel.hpp"
#include "model/config.hpp"
#include "model/vector_math.hpp"

namespace attnscope {

namespace {

ATTNSCOPE_VECTOR_CLONES
void layer_norm_row(const float* in, int dim, const LayerNormWeights& ln, float* out) {
  // Two passes in double: the mean and variance torch computes (Welford in fp32 with wider
  // partial sums) agree with these to well under the golden tolerance.
  const double sum = vmath::lane_sum<double>(dim, [in](int i) { return double{in[i]}; });
  const float mean = static_cast<float>(sum / dim);
  const double sq = vmath::lane_sum<double>(dim, [in, mean](int i) {
    const float d = in[i] - mean;
    return static_cast<double>(d) * d;
  });
  const float inv = static_cast<float>(1.0 / std::sqrt(sq / dim + ln.eps));
  const float* gamma = ln.weight;
  const float* beta = ln.bias;
  for (int i = 0; i < dim; ++i) out[i] = (in[i] - mean) * inv * gamma[i] + beta[i];
}

}  // namespace

void linear(const float* x, std::size_t rows, const Linear& layer, float* y,
            const LinearOutput& output) {
  // [out, in] weights are read transposed in place.
  gemm({.m = static_cast<int>(rows),
        .n = layer.out,
        .k = layer.in,
        .a = x,
        .lda = layer.in,
        .b = layer.weight,
        .ldb = layer.in,
        .b_transposed = true,
        .b_bf16 = layer.weight_bf16,
        .c = y,
        .ldc = output.ldy ? output.ldy : layer.out,
        .bias = layer.bias,
        .accumulate = output.accumulate,
        .activation = output.activation});
}

void layer_norm(const float* x, std::size_t rows, int dim, const LayerNormWeights& ln, float* out) {
  parallel_for(rows, [&](std::size_t begin, std::size_t end) {
    for (std::size_t r = begin; r < end; ++r) layer_norm_row(x + r * dim, dim, ln, out + r * dim);
  });
}

Activation hidden_activation(const ModelConfig& config) {
  // ModelConfig::load admits only the tanh forms besides "gelu".
  return config.activation == "gelu" ? Activation::gelu_erf : Activation::gelu_tanh;
}

ATTNSCOPE_VECTOR_CLONES
void softmax_row(float* row, int n) {
  const float max = vmath::lane_max(row, n);
  for (int i = 0; i < n; ++i) row[i] = vmath::exp(row[i] - max);  // vectorises
  const float inv = 1.0f / vmath::lane_sum<float>(n, [row](int i) { return row[i]; });
  for (int i = 0; i < n; ++i) row[i] *= inv;
}

}  // namespace attnscope
