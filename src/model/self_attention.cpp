#include "model/self_attention.hpp"

#include <cblas.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "core/parallel.hpp"
#include "model/ops.hpp"

namespace attnscope {

void self_attention(const AttentionInputs& in, float* probs, std::size_t batch_stride,
                    float* context) {
  const int T = in.seq_len, dh = in.head_dim, ld = in.row_stride;
  const int context_stride = in.heads * dh;
  const float scale = static_cast<float>(1.0 / std::sqrt(static_cast<double>(dh)));
  parallel_for(
      static_cast<std::size_t>(in.batch) * in.heads, [&](std::size_t begin, std::size_t end) {
        std::vector<float> scratch;
        for (std::size_t task = begin; task < end; ++task) {
          const int b = static_cast<int>(task / in.heads), h = static_cast<int>(task % in.heads);
          const int n = in.lengths[b];
          const std::size_t row0 = static_cast<std::size_t>(b) * T;
          // Padding rows get zeros, so nothing undefined flows through the later layers.
          for (int i = n; i < T; ++i)
            std::memset(context + (row0 + i) * context_stride + h * dh, 0, sizeof(float) * dh);
          if (n == 0) continue;
          const float* q = in.query + row0 * ld + h * dh;
          const float* k = in.key + row0 * ld + h * dh;
          const float* v = in.value + row0 * ld + h * dh;
          float* p;
          if (probs) {
            p = probs + b * batch_stride + static_cast<std::size_t>(h) * T * T;
          } else {
            scratch.resize(static_cast<std::size_t>(T) * T);
            p = scratch.data();
          }
          // scores[n, n] = q[n, dh] · k[n, dh]ᵀ / √dh
          cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, n, dh, scale, q, ld, k, ld, 0.0f,
                      p, T);
          for (int i = 0; i < n; ++i) {
            float* row = p + static_cast<std::size_t>(i) * T;
            int visible = in.causal ? i + 1 : n;
            softmax_row(row, visible);
            // HF adds finfo(float32).min to masked scores: their probability is exactly 0.
            std::memset(row + visible, 0, sizeof(float) * (n - visible));
          }
          // context[n, dh] = probs[n, n] · v[n, dh]
          cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, dh, n, 1.0f, p, T, v, ld, 0.0f,
                      context + row0 * context_stride + h * dh, context_stride);
        }
      });
}

}  // namespace attnscope
