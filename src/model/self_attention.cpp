#include "model/self_attention.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "core/parallel.hpp"
#include "model/gemm.hpp"
#include "model/ops.hpp"

namespace attnscope {

namespace {

// Query rows per block: a block's scores ([64, ≤ T] floats, 128 KB at T = 512) stay in L2
// between the QKᵀ that writes them, the softmax, and the P·V that reads them.
constexpr int kQueryBlock = 64;

}  // namespace

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
          float* out = context + row0 * context_stride + h * dh;
          // Padding rows get zeros, so nothing undefined flows through the later layers.
          for (int i = n; i < T; ++i)
            std::memset(out + static_cast<std::size_t>(i) * context_stride, 0, sizeof(float) * dh);
          const float* q = in.query + row0 * ld + h * dh;
          const float* k = in.key + row0 * ld + h * dh;
          const float* v = in.value + row0 * ld + h * dh;
          // The probabilities are computed where they are kept (written once, no copy); layers
          // nobody keeps use a block-sized scratch instead.
          float* kept =
              probs ? probs + b * batch_stride + static_cast<std::size_t>(h) * T * T : nullptr;
          if (!kept) scratch.resize(static_cast<std::size_t>(kQueryBlock) * T);
          for (int i0 = 0; i0 < n; i0 += kQueryBlock) {
            const int rows = std::min(kQueryBlock, n - i0);
            // Causal queries i0..i0+rows-1 see keys up to i0+rows-1 only: the rest is not computed.
            const int keys = in.causal ? i0 + rows : n;
            float* p = kept ? kept + static_cast<std::size_t>(i0) * T : scratch.data();
            // scores[rows, keys] = q[rows, dh] · k[keys, dh]ᵀ / √dh
            gemm({.m = rows,
                  .n = keys,
                  .k = dh,
                  .a = q + static_cast<std::size_t>(i0) * ld,
                  .lda = ld,
                  .b = k,
                  .ldb = ld,
                  .b_transposed = true,
                  .c = p,
                  .ldc = T,
                  .alpha = scale});
            for (int i = 0; i < rows; ++i) {
              float* row = p + static_cast<std::size_t>(i) * T;
              const int visible = in.causal ? i0 + i + 1 : n;
              softmax_row(row, visible);
              // HF adds finfo(float32).min to masked scores: their probability is exactly 0.
              std::memset(row + visible, 0, sizeof(float) * (keys - visible));
            }
            // context[rows, dh] = probs[rows, keys] · v[keys, dh]
            gemm({.m = rows,
                  .n = dh,
                  .k = keys,
                  .a = p,
                  .lda = T,
                  .b = v,
                  .ldb = ld,
                  .c = out + static_cast<std::size_t>(i0) * context_stride,
                  .ldc = context_stride});
          }
        }
      });
}

}  // namespace attnscope
