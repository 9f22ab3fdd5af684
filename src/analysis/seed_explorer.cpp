#include "analysis/seed_explorer.hpp"

#include "analysis/score_heads.hpp"

namespace attnscope::analysis {

HeadScores seed_explorer(const Attention& attention) {
  return score_heads(
      attention,
      {{"diagonal", [](HeadMatrix a) { return diagonal_sum(a, 0); }},
       {"first_column",
        [](HeadMatrix a) {
          const int first[] = {0};
          return key_set_sum(a, first);
        }},
       {"last_row_entropy", [](HeadMatrix a) { return seed_row_entropy(a.row(a.n - 1), a.n); }}});
}

}  // namespace attnscope::analysis
