#include "analysis/attention_change.hpp"

#include <cmath>

#include "core/error.hpp"

namespace attnscope::analysis {

std::vector<std::vector<double>> mean_total_variation(const Attention& a, const Attention& b) {
  if (a.model_name != b.model_name || a.layers != b.layers || a.heads != b.heads || a.n() != b.n())
    throw Error("cannot compare the attention of " + a.model_name + " on " + std::to_string(a.n()) +
                " tokens with " + b.model_name + " on " + std::to_string(b.n()) +
                ": compare two runs of one model on texts of one length");
  const int n = a.n();
  std::vector<std::vector<double>> change(a.layers, std::vector<double>(a.heads, 0.0));
  for (int l = 0; l < a.layers; ++l)
    for (int h = 0; h < a.heads; ++h) {
      const float* x = a.head(l, h);
      const float* y = b.head(l, h);
      double sum = 0;
      for (std::size_t i = 0; i < static_cast<std::size_t>(n) * n; ++i)
        sum += std::abs(x[i] - y[i]);
      change[l][h] = n > 0 ? 0.5 * sum / n : 0.0;
    }
  return change;
}

}  // namespace attnscope::analysis
