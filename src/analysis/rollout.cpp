#include "analysis/rollout.hpp"

#include <cblas.h>

#include <algorithm>

#include "analysis/score_heads.hpp"
#include "core/single_threaded_blas.hpp"

namespace attnscope::analysis {

namespace {
double fuse(HeadFusion fusion, double current, double value) {
  switch (fusion) {
    case HeadFusion::Mean:
      return current + value;
    case HeadFusion::Max:
      return std::max(current, value);
    case HeadFusion::Min:
      return std::min(current, value);
  }
  return current;
}
}  // namespace

LayerMatrices residual_attention(const Attention& attention, const RolloutOptions& options) {
  check_attention_shape(attention);
  const int n = attention.n();
  const std::size_t cells = static_cast<std::size_t>(n) * n;
  LayerMatrices result{attention.layers, n, std::vector<double>(attention.layers * cells)};
  for (int layer = 0; layer < attention.layers; ++layer) {
    double* fused = result.values.data() + layer * cells;
    const float* first = attention.head(layer, 0);
    std::copy(first, first + cells, fused);
    for (int head = 1; head < attention.heads; ++head) {
      const float* a = attention.head(layer, head);
      for (std::size_t c = 0; c < cells; ++c) fused[c] = fuse(options.fusion, fused[c], a[c]);
    }
    const double head_scale = options.fusion == HeadFusion::Mean ? 1.0 / attention.heads : 1.0;
    for (int i = 0; i < n; ++i) {
      double* row = fused + static_cast<std::size_t>(i) * n;
      double sum = 0;
      for (int j = 0; j < n; ++j) {
        row[j] = (1 - options.residual) * head_scale * row[j] + (i == j ? options.residual : 0.0);
        sum += row[j];
      }
      // Max/min fusion leaves rows that no longer sum to 1.
      if (sum > 0)
        for (int j = 0; j < n; ++j) row[j] /= sum;
    }
  }
  return result;
}

LayerMatrices attention_rollout(const Attention& attention, const RolloutOptions& options) {
  LayerMatrices mixed = residual_attention(attention, options);
  const int n = mixed.n;
  const std::size_t cells = static_cast<std::size_t>(n) * n;
  LayerMatrices rollout{mixed.layers, n, std::vector<double>(mixed.values.size())};
  std::copy(mixed.values.begin(), mixed.values.begin() + cells, rollout.values.begin());
  const SingleThreadedBlas blas;
  for (int layer = 1; layer < mixed.layers; ++layer)
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, mixed.layer(layer), n,
                rollout.layer(layer - 1), n, 0.0, rollout.values.data() + layer * cells, n);
  return rollout;
}

}  // namespace attnscope::analysis
