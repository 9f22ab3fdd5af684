#pragma once
// The layer × head grid of one metric as a terminal table, with the best heads marked.
#include <ostream>
#include <string>

#include "analysis/head_scores.hpp"

namespace attnscope::analysis {

// Prints `title`, then one row per layer and one column per head (3 decimals); the `marked`
// highest-scoring heads get a '*'.
void print_score_grid(std::ostream& out, const HeadScores& scores, const std::string& metric,
                      const std::string& title, int marked = 5);

}  // namespace attnscope::analysis
