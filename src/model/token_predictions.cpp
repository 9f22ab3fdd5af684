#include "model/token_predictions.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/parallel.hpp"
#include "model/forward_buffers.hpp"
#include "model/gemm.hpp"

namespace attnscope {

void top_tokens(const float* h, const Batch& batch, const OutputEmbedding& head, int k,
                std::vector<int32_t>& ids, std::vector<float>& probabilities) {
  const int D = head.dim, V = head.vocab_size, T = batch.seq_len;
  k = std::min(k, V);
  ids.assign(static_cast<std::size_t>(batch.size) * T * k, 0);
  probabilities.assign(ids.size(), 0.0f);
  // Logits in blocks of rows: the full [T, V] matrix would be 200 MB at T = 1024.
  constexpr int kRows = 64;
  Scratch logits(static_cast<std::size_t>(kRows) * V);
  for (int b = 0; b < batch.size; ++b) {
    for (int t0 = 0; t0 < batch.lengths[b]; t0 += kRows) {
      const int rows = std::min(kRows, batch.lengths[b] - t0);
      const std::size_t row0 = static_cast<std::size_t>(b) * T + t0;
      // logits[rows, V] = h[rows, D] · Wᵀ (+ bias)
      gemm({.m = rows,
            .n = V,
            .k = D,
            .a = h + row0 * D,
            .lda = D,
            .b = head.weight,
            .ldb = D,
            .b_transposed = true,
            .c = logits.data(),
            .ldc = V});
      parallel_for(rows, [&](std::size_t begin, std::size_t end) {
        std::vector<int32_t> order(V);
        for (std::size_t r = begin; r < end; ++r) {
          float* row = logits.data() + r * V;
          if (head.bias)
            for (int v = 0; v < V; ++v) row[v] += head.bias[v];
          std::iota(order.begin(), order.end(), 0);
          // Ties go to the lower id, as torch.argmax and topk do.
          std::partial_sort(order.begin(), order.begin() + k, order.end(),
                            [row](int32_t a, int32_t c) {
                              return row[a] > row[c] || (row[a] == row[c] && a < c);
                            });
          const double peak = row[order[0]];
          double sum = 0;
          for (int v = 0; v < V; ++v) sum += std::exp(row[v] - peak);
          for (int i = 0; i < k; ++i) {
            const std::size_t at = (row0 + r) * k + i;
            ids[at] = order[i];
            probabilities[at] = static_cast<float>(std::exp(row[order[i]] - peak) / sum);
          }
        }
      });
    }
  }
}

}  // namespace attnscope
