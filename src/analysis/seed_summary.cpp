#include "analysis/seed_summary.hpp"

#include <algorithm>

#include "analysis/score_heads.hpp"

namespace attnscope::analysis {

AttentionSummary seed_summary(const Attention& attention) {
  check_attention_shape(attention);
  const int n = attention.n();
  const std::size_t cells = static_cast<std::size_t>(n) * n;
  AttentionSummary summary;
  summary.average.assign(cells, 0.0);
  for (int layer = 0; layer < attention.layers; ++layer) {
    double weight = 0, entropy = 0;
    for (int head = 0; head < attention.heads; ++head) {
      const float* a = attention.head(layer, head);
      for (std::size_t c = 0; c < cells; ++c) {
        weight += a[c];
        summary.average[c] += a[c];
      }
      for (int i = 0; i < n; ++i)
        entropy += seed_row_entropy(a + static_cast<std::size_t>(i) * n, n);
    }
    summary.mean_weight.push_back(weight / (static_cast<double>(attention.heads) * cells));
    summary.mean_entropy.push_back(entropy / (static_cast<double>(attention.heads) * n));
  }
  for (auto& v : summary.average) v /= static_cast<double>(attention.layers) * attention.heads;
  summary.received.assign(n, 0.0);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      summary.received[j] += summary.average[static_cast<std::size_t>(i) * n + j];
  summary.most_attended =
      static_cast<int>(std::max_element(summary.received.begin(), summary.received.end()) -
                       summary.received.begin());
  return summary;
}

}  // namespace attnscope::analysis
