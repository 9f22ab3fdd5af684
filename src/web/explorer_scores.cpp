#include "web/explorer_scores.hpp"

#include <future>

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
  // The analyses are pure functions of the record: at 512 tokens each takes a while, so they
  // run side by side (the grid keeps this order).
  const auto run = [&](auto analysis) { return std::async(std::launch::async, analysis); };
  auto patterns = run([&] { return analysis::seed_patterns(attention); });
  auto specialization = run([&] { return analysis::seed_specialization(attention); });
  auto clark = run([&] { return analysis::clark_metrics(attention); });
  // Clark's previous_token already covers that pattern; the detector adds the token-identity ones.
  auto detector = run([&] {
    return analysis::detect_heads(
        attention,
        {analysis::DetectorPattern::DuplicateToken, analysis::DetectorPattern::Induction}, {});
  });
  analysis::HeadScores scores(attention.layers, attention.heads);
  for (auto* part : {&patterns, &specialization, &clark, &detector}) append(scores, part->get());
  return scores;
}

}  // namespace attnscope::web
