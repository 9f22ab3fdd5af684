#include "analysis/seed_explorer.hpp"

#include "analysis/score_heads.hpp"

namespace attnscope::analysis {

int seed_explorer_first_row(const Attention& attention) { return attention.causal() ? 1 : 0; }

HeadScores seed_explorer(const Attention& attention) {
  const int from = seed_explorer_first_row(attention);
  return score_heads(
      attention,
      {{"diagonal",
        [from](HeadMatrix a) {
          double sum = 0;
          for (int i = from; i < a.n; ++i) sum += a(i, i);
          return sum;
        }},
       {"first_column",
        [from](HeadMatrix a) {
          double sum = 0;
          for (int i = from; i < a.n; ++i) sum += a(i, 0);
          return sum;
        }},
       {"last_row_entropy", [](HeadMatrix a) { return seed_row_entropy(a.row(a.n - 1), a.n); }}});
}

}  // namespace attnscope::analysis
