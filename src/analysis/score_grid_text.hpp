#pragma once
// The layer × head grid of one metric as a terminal table, with the standing-out heads marked.
#include <ostream>
#include <string>

#include "analysis/head_scores.hpp"
#include "analysis/marked_heads.hpp"

namespace attnscope::analysis {

// Prints `title` with the marking rule's legend, then one row per layer and one column per head
// (3 decimals); the heads mark_heads picks get a '*'.
void print_score_grid(std::ostream& out, const HeadScores& scores, const std::string& metric,
                      const std::string& title, const MarkRule& rule = {});

}  // namespace attnscope::analysis
