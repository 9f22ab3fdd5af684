#include "analysis/head_matrix.hpp"

#include <algorithm>
#include <cmath>

namespace attnscope::analysis {

double diagonal_sum(HeadMatrix a, int offset) {
  double sum = 0;
  for (int i = std::max(0, -offset); i < a.n && i + offset < a.n; ++i) sum += a(i, i + offset);
  return sum;
}

double key_set_sum(HeadMatrix a, std::span<const int> keys) {
  double sum = 0;
  for (int i = 0; i < a.n; ++i)
    for (int key : keys) sum += a(i, key);
  return sum;
}

double seed_row_entropy(const float* row, int n) {
  double entropy = 0;
  // The 1e-10 keeps ln finite on exact zeros (causal masks, padding), as in the notebook.
  for (int j = 0; j < n; ++j) entropy -= row[j] * std::log(static_cast<double>(row[j]) + 1e-10);
  return entropy;
}

}  // namespace attnscope::analysis
