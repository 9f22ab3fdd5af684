#pragma once
// The layer × head grid of one metric as a terminal table, with the best heads marked.
#include <ostream>
#include <string>

#include "analysis/head_scores.hpp"

namespace attnscope::analysis {

// How many best heads to mark: one per 8 heads, at least 1 and at most 5 (marking every head of
// a tiny model would say nothing).
int marked_heads(const HeadScores& scores);

// Prints `title`, then one row per layer and one column per head (3 decimals); the `marked`
// highest-scoring heads (default: marked_heads) get a '*'.
void print_score_grid(std::ostream& out, const HeadScores& scores, const std::string& metric,
                      const std::string& title, int marked = -1);

}  // namespace attnscope::analysis
