#include "model/ops.hpp"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/parallel.hpp"
#include "model/config.hpp"
#include "model/vector_math.hpp"

namespace attnscope {

namespace {

// Element-wise work below this size is not worth waking the pool for.
constexpr std::size_t kSerialBelow = 1 << 14;

template <typename Fn>
void parallel_elements(std::size_t n, Fn fn) {
  if (n < kSerialBelow) return fn(std::size_t{0}, n);
  constexpr std::size_t kBlock = 4096;
  parallel_for((n + kBlock - 1) / kBlock,
               [&](std::size_t b, std::size_t e) { fn(b * kBlock, std::min(n, e * kBlock)); });
}

}  // namespace

void linear(const float* x, std::size_t rows, const Linear& layer, float* y, int ldy) {
  if (rows == 0) return;
  if (ldy == 0) ldy = layer.out;
  // One single-threaded GEMM per thread, on a block of rows or of output columns. Each thread
  // packs its whole share of x plus all of W (row blocks) or all of x plus its share of W
  // (column blocks), so splitting the columns packs less whenever x has fewer rows than W has
  // outputs: always for one text, where W dominates.
  const bool split_rows = rows > static_cast<std::size_t>(layer.out);
  const std::size_t threads = thread_count();
  const std::size_t column_blocks = (layer.out + 63) / 64;  // whole cache lines of output
  auto block = [&](std::size_t part) {
    std::size_t r0 = 0, r1 = rows, c0 = 0, c1 = layer.out;
    if (split_rows) {
      r0 = rows * part / threads, r1 = rows * (part + 1) / threads;
    } else {
      c0 = column_blocks * part / threads * 64;
      c1 = std::min<std::size_t>(layer.out, column_blocks * (part + 1) / threads * 64);
    }
    if (r0 == r1 || c0 == c1) return;
    const int m = static_cast<int>(r1 - r0), n = static_cast<int>(c1 - c0);
    for (std::size_t r = r0; r < r1; ++r)
      std::memcpy(y + r * ldy + c0, layer.bias + c0, sizeof(float) * n);
    // [out, in] weights are read transposed in place; Conv1D [in, out] ones as they are.
    const float* w = layer.weight_in_out ? layer.weight + c0 : layer.weight + c0 * layer.in;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, layer.weight_in_out ? CblasNoTrans : CblasTrans, m, n,
                layer.in, 1.0f, x + r0 * layer.in, layer.in, w,
                layer.weight_in_out ? layer.out : layer.in, 1.0f, y + r0 * ldy + c0, ldy);
  };
  parallel_for(threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t part = begin; part < end; ++part) block(part);
  });
}

void layer_norm(const float* x, std::size_t rows, int dim, const LayerNormWeights& ln, float* out) {
  const float* gamma = ln.weight;
  const float* beta = ln.bias;
  parallel_for(rows, [&](std::size_t begin, std::size_t end) {
    for (std::size_t r = begin; r < end; ++r) {
      const float* in = x + r * dim;
      float* o = out + r * dim;
      // Two passes in double: the mean and variance torch computes (Welford in fp32 with
      // wider partial sums) agree with these to well under the golden tolerance.
      const double sum = vmath::lane_sum<double>(dim, [in](int i) { return double{in[i]}; });
      const float mean = static_cast<float>(sum / dim);
      const double sq = vmath::lane_sum<double>(dim, [in, mean](int i) {
        const float d = in[i] - mean;
        return static_cast<double>(d) * d;
      });
      const float inv = static_cast<float>(1.0 / std::sqrt(sq / dim + ln.eps));
      for (int i = 0; i < dim; ++i) o[i] = (in[i] - mean) * inv * gamma[i] + beta[i];
    }
  });
}

void add_inplace(float* x, const float* y, std::size_t n) {
  parallel_elements(n, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) x[i] += y[i];
  });
}

void gelu_erf_inplace(float* x, std::size_t n) {
  parallel_elements(n, [x](std::size_t b, std::size_t e) {
    float* v = x;  // a local copy of the pointer lets the loop vectorise
    for (std::size_t i = b; i < e; ++i)
      v[i] = v[i] * 0.5f * (1.0f + vmath::erf(v[i] * 0.70710678118654752f));
  });
}

void gelu_tanh_inplace(float* x, std::size_t n) {
  constexpr float kSqrt2OverPi = 0.7978845608028654f;
  parallel_elements(n, [x](std::size_t b, std::size_t e) {
    float* p = x;  // a local copy of the pointer lets the loop vectorise
    for (std::size_t i = b; i < e; ++i) {
      float v = p[i];
      p[i] = 0.5f * v * (1.0f + vmath::tanh(kSqrt2OverPi * (v + 0.044715f * v * v * v)));
    }
  });
}

void activation(const ModelConfig& config, float* x, std::size_t n) {
  if (config.activation == "gelu")
    gelu_erf_inplace(x, n);
  else
    gelu_tanh_inplace(x, n);  // ModelConfig::load admits only the tanh forms besides "gelu"
}

void softmax_row(float* row, int n) {
  const float max = vmath::lane_max(row, n);
  for (int i = 0; i < n; ++i) row[i] = vmath::exp(row[i] - max);  // vectorises
  const float inv = 1.0f / vmath::lane_sum<float>(n, [row](int i) { return row[i]; });
  for (int i = 0; i < n; ++i) row[i] *= inv;
}

}  // namespace attnscope
