#include "analysis/head_scores.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace attnscope::analysis {

bool HeadScores::has(std::string_view name) const {
  return std::any_of(metrics_.begin(), metrics_.end(),
                     [&](const Metric& m) { return m.name == name; });
}

std::vector<double>& HeadScores::add(const std::string& name) {
  for (auto& metric : metrics_)
    if (metric.name == name) return metric.values;
  metrics_.push_back({name, std::vector<double>(static_cast<std::size_t>(layers_) * heads_, 0.0)});
  return metrics_.back().values;
}

const std::vector<double>& HeadScores::values(std::string_view name) const {
  for (const auto& metric : metrics_)
    if (metric.name == name) return metric.values;
  std::string known;
  for (const auto& metric : metrics_) known += (known.empty() ? "" : ", ") + metric.name;
  throw Error("unknown metric '" + std::string(name) + "'; this analysis has: " + known);
}

void HeadScores::append(const HeadScores& other) {
  if (other.layers_ != layers_ || other.heads_ != heads_)
    throw Error("cannot combine scores of models with different shapes");
  for (const auto& metric : other.metrics_) add(metric.name) = metric.values;
}

std::vector<HeadRef> HeadScores::ranked(std::string_view name) const {
  const auto& scores = values(name);
  std::vector<HeadRef> heads;
  heads.reserve(scores.size());
  for (int layer = 0; layer < layers_; ++layer)
    for (int head = 0; head < heads_; ++head)
      heads.push_back({layer, head, scores[static_cast<std::size_t>(layer) * heads_ + head]});
  // NaN (broken weights) ranks last: compared as-is it breaks the sort's strict weak ordering.
  const auto key = [](double score) {
    return std::isnan(score) ? -std::numeric_limits<double>::infinity() : score;
  };
  std::stable_sort(heads.begin(), heads.end(),
                   [&](const HeadRef& a, const HeadRef& b) { return key(a.score) > key(b.score); });
  return heads;
}

void ScoreAverage::add(const HeadScores& scores) {
  if (count_ == 0) {
    sum_ = HeadScores(scores.layers(), scores.heads());
  } else if (scores.layers() != sum_.layers() || scores.heads() != sum_.heads()) {
    throw Error("cannot average scores of models with different shapes");
  }
  for (const auto& metric : scores.metrics()) {
    auto& total = sum_.add(metric.name);
    for (std::size_t i = 0; i < total.size(); ++i) total[i] += metric.values[i];
  }
  ++count_;
}

HeadScores ScoreAverage::mean() const {
  HeadScores result = sum_;
  for (const auto& metric : sum_.metrics()) {
    auto& values = result.add(metric.name);
    for (auto& v : values) v /= count_;
  }
  return result;
}

}  // namespace attnscope::analysis
