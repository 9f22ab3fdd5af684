#include "analysis/clark_metrics.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/score_heads.hpp"

namespace attnscope::analysis {

double smoothed_entropy(HeadMatrix a) {
  const double uniform = 1e-4 / a.n;
  double sum = 0;
  for (int i = 0; i < a.n; ++i)
    for (int j = 0; j < a.n; ++j) {
      const double p = 0.9999 * a(i, j) + uniform;
      sum -= p * std::log(p);
    }
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

std::string clark_label(const HeadScores& scores, int layer, int head) {
  struct Rule {
    const char* metric;
    double threshold;
    const char* label;
  };
  static constexpr Rule rules[] = {{"next_token", 0.5, "next"},
                                   {"previous_token", 0.5, "previous"},
                                   {"entropy_smoothed", 3.8, "broad"},
                                   {"cls", 0.6, "[CLS]"},
                                   {"sep", 0.6, "[SEP]"},
                                   {"clark_punct", 0.6, "punct"}};
  std::string label;
  for (const auto& rule : rules)
    if (scores.at(rule.metric, layer, head) > rule.threshold) label = rule.label;
  return label;
}

}  // namespace attnscope::analysis
