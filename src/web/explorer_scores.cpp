#include "web/explorer_scores.hpp"

#include "analysis/clark_metrics.hpp"
#include "analysis/head_detector.hpp"
#include "analysis/seed_patterns.hpp"
#include "analysis/seed_specialization.hpp"

namespace attnscope::web {

namespace {

void append(analysis::HeadScores& into, const analysis::HeadScores& from) {
  for (const auto& metric : from.metrics()) {
    if (!into.has(metric.name)) into.add(metric.name) = metric.values;
  }
}

}  // namespace

analysis::HeadScores explorer_scores(const Attention& attention) {
  analysis::HeadScores scores(attention.layers, attention.heads);
  append(scores, analysis::seed_patterns(attention));
  append(scores, analysis::seed_specialization(attention));
  append(scores, analysis::clark_metrics(attention));
  // Clark's previous_token already covers that pattern; the detector adds the token-identity ones.
  append(scores, analysis::detect_heads(attention,
                                        {analysis::DetectorPattern::DuplicateToken,
                                         analysis::DetectorPattern::Induction},
                                        {}));
  return scores;
}

}  // namespace attnscope::web
