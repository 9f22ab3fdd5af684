#pragma once
// Machine-readable head scores: JSON {"model", "tokens", "metrics": {name: [[per head] per
// layer]}} and long-format CSV (metric,layer,head,score), one row per head and metric.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/head_scores.hpp"

namespace attnscope::analysis {

struct ScoreReport {
  std::string model;
  // Vocabulary forms of each analysed text's tokens.
  std::vector<std::vector<std::string>> tokens;
  HeadScores scores;
};

// "tokens" is the token list for one text, a list of token lists for several ("texts" gives
// the count).
nlohmann::json scores_json(const ScoreReport& report);

// [layer][head] row-major values (scores, accuracies, labels) as [[value per head] per layer].
template <typename T>
nlohmann::json layer_head_grid(const std::vector<T>& values, int heads) {
  nlohmann::json grid = nlohmann::json::array();
  const auto width = static_cast<std::size_t>(heads);
  for (std::size_t start = 0; width && start < values.size(); start += width)
    grid.push_back(std::vector<T>(values.begin() + start, values.begin() + start + width));
  return grid;
}
std::string scores_csv(const HeadScores& scores);

}  // namespace attnscope::analysis
