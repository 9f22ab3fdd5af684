#pragma once
// The sums every per-head metric is built from, over one head's n×n matrix A (row = query,
// column = key, rows summing to 1; causal models have exact zeros above the diagonal).
#include <cstddef>
#include <span>

namespace attnscope::analysis {

struct HeadMatrix {
  const float* data = nullptr;
  int n = 0;
  float operator()(int query, int key) const {
    return data[static_cast<std::size_t>(query) * n + key];
  }
  const float* row(int query) const { return data + static_cast<std::size_t>(query) * n; }
};

// Σ_i A[i, i + offset] over the rows where that key exists (offset 0: the diagonal, -1: the
// previous token, +1: the next token).
double diagonal_sum(HeadMatrix a, int offset);

// Σ_i Σ_{j ∈ keys} A[i, j]: attention that all queries give to a set of key positions.
double key_set_sum(HeadMatrix a, std::span<const int> keys);

// −Σ_j p_j ln(p_j + 1e-10): the notebook's entropy of one row, in nats.
double seed_row_entropy(const float* row, int n);

}  // namespace attnscope::analysis
