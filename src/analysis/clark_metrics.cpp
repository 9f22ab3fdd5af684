#include "analysis/clark_metrics.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/score_heads.hpp"

namespace attnscope::analysis {

double smoothed_row_entropy(const float* row, int n) {
  const double uniform = 1e-4 / n;
  // Masked keys (above a causal head's diagonal) are exact zeros: one term, computed once.
  const double zero_term = uniform * std::log(uniform);
  double sum = 0;
  for (int j = 0; j < n; ++j) {
    if (row[j] == 0.0f) {
      sum -= zero_term;
      continue;
    }
    const double p = 0.9999 * row[j] + uniform;
    sum -= p * std::log(p);
  }
  return sum;
}

double smoothed_entropy(HeadMatrix a) {
  double sum = 0;
  for (int i = 0; i < a.n; ++i) sum += smoothed_row_entropy(a.row(i), a.n);
  return sum / a.n;
}

std::vector<int> positions_of(const std::vector<Token>& tokens,
                              const std::vector<std::string>& pieces) {
  std::vector<int> positions;
  for (int i = 0; i < static_cast<int>(tokens.size()); ++i)
    if (std::find(pieces.begin(), pieces.end(), tokens[i].piece) != pieces.end())
      positions.push_back(i);
  return positions;
}

HeadScores clark_metrics(const Attention& attention) {
  const auto cls = positions_of(attention.tokens, {"[CLS]"});
  const auto sep = positions_of(attention.tokens, {"[SEP]"});
  const auto punct = positions_of(attention.tokens, {".", ","});
  const std::vector<int> last = {attention.n() - 1};
  auto attention_to = [](const std::vector<int>& keys) {
    return [&keys](HeadMatrix a) { return key_set_sum(a, keys) / a.n; };
  };
  auto diagonal = [](int offset) {
    return [offset](HeadMatrix a) { return diagonal_sum(a, offset) / a.n; };
  };
  return score_heads(attention, {{"self", diagonal(0)},
                                 {"next_token", diagonal(1)},
                                 {"previous_token", diagonal(-1)},
                                 {"cls", attention_to(cls)},
                                 {"sep", attention_to(sep)},
                                 {"last_token", attention_to(last)},
                                 {"clark_punct", attention_to(punct)},
                                 {"entropy_smoothed", smoothed_entropy}});
}

std::string clark_label(const ClarkLabelInputs& head) {
  struct Rule {
    std::optional<double> ClarkLabelInputs::*metric;
    double threshold;
    const char* label;
  };
  static constexpr Rule rules[] = {
      {&ClarkLabelInputs::next, 0.5, "next"},     {&ClarkLabelInputs::previous, 0.5, "previous"},
      {&ClarkLabelInputs::entropy, 3.8, "broad"}, {&ClarkLabelInputs::cls, 0.6, "[CLS]"},
      {&ClarkLabelInputs::sep, 0.6, "[SEP]"},     {&ClarkLabelInputs::punct, 0.6, "punct"}};
  std::string label;
  for (const auto& rule : rules)
    if (const auto& value = head.*rule.metric; value && *value > rule.threshold) label = rule.label;
  return label;
}

std::string clark_label(const HeadScores& scores, int layer, int head) {
  return clark_label({scores.at("next_token", layer, head),
                      scores.at("previous_token", layer, head),
                      scores.at("entropy_smoothed", layer, head), scores.at("cls", layer, head),
                      scores.at("sep", layer, head), scores.at("clark_punct", layer, head)});
}

}  // namespace attnscope::analysis
