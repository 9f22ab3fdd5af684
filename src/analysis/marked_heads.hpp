#pragma once
// Which heads a score grid marks as standing out. A head is marked only when it is among the
// best few, scores above a stated bar, and no unmarked head ties with it: GPT-2's all-zero
// [SEP] metric had its first five heads outlined as "best", and detect's scores of 0.009–0.021
// had "best" heads that do nothing.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/head_scores.hpp"

namespace attnscope::analysis {

struct MarkRule {
  int count = -1;  // at most this many; < 0: default_mark_count
  // The bar of a score with an absolute meaning (detect's 0.4); none: the median of all heads,
  // so a head must beat a typical head of the same model.
  std::optional<double> threshold = std::nullopt;
};

struct MarkedHeads {
  std::vector<HeadRef> heads;  // best first
  std::string legend;          // "top 5 above the median 0.123", "no head above 0.400"
};

// One per 8 heads, at least 1 and at most 5 (marking every head of a tiny model says nothing).
int default_mark_count(const HeadScores& scores);

MarkedHeads mark_heads(const HeadScores& scores, std::string_view metric, const MarkRule& rule);

}  // namespace attnscope::analysis
