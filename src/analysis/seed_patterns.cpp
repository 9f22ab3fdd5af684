#include "analysis/seed_patterns.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/score_heads.hpp"

namespace attnscope::analysis {

double locality(HeadMatrix a) {
  double sum = 0;
  for (int i = 0; i < a.n; ++i)
    for (int j = std::max(0, i - 2); j <= std::min(a.n - 1, i + 2); ++j) sum += a(i, j);
  return sum / a.n;
}

double mean_entropy(HeadMatrix a) {
  double sum = 0;
  for (int i = 0; i < a.n; ++i) sum += seed_row_entropy(a.row(i), a.n);
  return sum / a.n;
}

double normalized_entropy(HeadMatrix a) {
  return a.n > 1 ? mean_entropy(a) / std::log(static_cast<double>(a.n)) : 0.0;
}

double first_token(HeadMatrix a) {
  const int first[] = {0};
  return key_set_sum(a, first) / a.n;
}

HeadScores seed_patterns(const Attention& attention) {
  return score_heads(attention, {{"locality", locality},
                                 {"entropy", mean_entropy},
                                 {"entropy_normalized", normalized_entropy},
                                 {"first_token", first_token}});
}

}  // namespace attnscope::analysis
