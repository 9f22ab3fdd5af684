#include "analysis/head_detector.hpp"

#include <cmath>

#include "analysis/score_heads.hpp"

namespace attnscope::analysis {

std::string metric_name(DetectorPattern pattern) {
  switch (pattern) {
    case DetectorPattern::PreviousToken:
      return "previous_token";
    case DetectorPattern::DuplicateToken:
      return "duplicate_token";
    case DetectorPattern::Induction:
      return "induction";
  }
  return "";
}

std::vector<uint8_t> detection_pattern(DetectorPattern pattern, const std::vector<int32_t>& ids) {
  const int n = static_cast<int>(ids.size());
  std::vector<uint8_t> d(static_cast<std::size_t>(n) * n, 0);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j <= i; ++j) {
      bool on = false;
      switch (pattern) {
        case DetectorPattern::PreviousToken:
          on = j == i - 1;
          break;
        case DetectorPattern::DuplicateToken:
          on = j < i && ids[j] == ids[i];
          break;
        case DetectorPattern::Induction:
          on = j >= 1 && ids[j - 1] == ids[i];
          break;
      }
      d[static_cast<std::size_t>(i) * n + j] = on;
    }
  return d;
}

double detector_score(HeadMatrix a, const std::vector<uint8_t>& pattern,
                      const DetectorOptions& options) {
  auto excluded = [&](int i, int j) {
    return (options.exclude_first_token && j == 0) || (options.exclude_self && i == j);
  };
  double matched = 0, total = 0, distance = 0;
  for (int i = 0; i < a.n; ++i)
    for (int j = 0; j < a.n; ++j) {
      if (excluded(i, j)) continue;
      const double weight = a(i, j);
      const double ideal = pattern[static_cast<std::size_t>(i) * a.n + j];
      matched += weight * ideal;
      total += weight;
      distance += std::abs(weight - ideal);
    }
  if (options.measure == ErrorMeasure::Abs) return 1.0 - distance / a.n;
  return total > 0 ? matched / total : 0.0;
}

HeadScores detect_heads(const Attention& attention, const std::vector<DetectorPattern>& patterns,
                        const DetectorOptions& options) {
  check_attention_shape(attention);
  std::vector<int32_t> ids;
  for (const auto& token : attention.tokens) ids.push_back(token.id);
  std::vector<NamedMetric> metrics;
  for (auto pattern : patterns)
    metrics.push_back(
        {metric_name(pattern), [&options, d = detection_pattern(pattern, ids)](HeadMatrix a) {
           return detector_score(a, d, options);
         }});
  return score_heads(attention, metrics);
}

}  // namespace attnscope::analysis
