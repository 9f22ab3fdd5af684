#include "analysis/marked_heads.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace attnscope::analysis {

namespace {

// Of the finite values: a NaN would break nth_element's ordering.
double median(const std::vector<double>& all) {
  std::vector<double> values;
  for (double v : all)
    if (std::isfinite(v)) values.push_back(v);
  if (values.empty()) return 0;
  const std::size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  const double upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  return (*std::max_element(values.begin(), values.begin() + mid) + upper) / 2;
}

std::string three_decimals(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", value);
  return text;
}

}  // namespace

int default_mark_count(const HeadScores& scores) {
  return std::clamp(scores.layers() * scores.heads() / 8, 1, 5);
}

MarkedHeads mark_heads(const HeadScores& scores, std::string_view metric, const MarkRule& rule) {
  const auto ranked = scores.ranked(metric);
  const std::size_t wanted = rule.count < 0 ? default_mark_count(scores) : rule.count;
  std::size_t kept = std::min(wanted, ranked.size());
  // A head tied with the first one left out is no better than it: drop the whole tied group.
  if (kept > 0 && kept < ranked.size() && ranked[kept - 1].score == ranked[kept].score) {
    const double tied = ranked[kept].score;
    while (kept > 0 && ranked[kept - 1].score == tied) --kept;
  }
  const double bar = rule.threshold ? *rule.threshold : median(scores.values(metric));
  while (kept > 0 && !(ranked[kept - 1].score > bar)) --kept;

  const std::string bar_text =
      rule.threshold ? three_decimals(bar) : "the median " + three_decimals(bar);
  MarkedHeads marked;
  marked.heads.assign(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(kept));
  marked.legend = kept == 0 ? "no head above " + bar_text
                            : "top " + std::to_string(kept) + " above " + bar_text;
  return marked;
}

}  // namespace attnscope::analysis
