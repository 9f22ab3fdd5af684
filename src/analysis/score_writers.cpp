#include "analysis/score_writers.hpp"

#include <cstdio>

namespace attnscope::analysis {

nlohmann::json scores_json(const ScoreReport& report) {
  nlohmann::json json;
  json["model"] = report.model;
  json["texts"] = report.tokens.size();
  if (report.tokens.size() == 1)
    json["tokens"] = report.tokens.front();
  else
    json["tokens"] = report.tokens;
  json["layers"] = report.scores.layers();
  json["heads"] = report.scores.heads();
  nlohmann::json metrics = nlohmann::json::object();
  for (const auto& metric : report.scores.metrics())
    metrics[metric.name] = layer_head_grid(metric.values, report.scores.heads());
  json["metrics"] = std::move(metrics);
  return json;
}

std::string scores_csv(const HeadScores& scores) {
  std::string csv = "metric,layer,head,score\n";
  char number[32];
  for (const auto& metric : scores.metrics())
    for (int layer = 0; layer < scores.layers(); ++layer)
      for (int head = 0; head < scores.heads(); ++head) {
        // %.17g round-trips a double exactly.
        std::snprintf(number, sizeof number, "%.17g",
                      metric.values[static_cast<std::size_t>(layer) * scores.heads() + head]);
        csv += metric.name + "," + std::to_string(layer) + "," + std::to_string(head) + "," +
               number + "\n";
      }
  return csv;
}

}  // namespace attnscope::analysis
