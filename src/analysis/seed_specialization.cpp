#include "analysis/seed_specialization.hpp"

#include <array>
#include <cstdlib>
#include <string_view>

#include "analysis/score_heads.hpp"

namespace attnscope::analysis {

double distance_score(HeadMatrix a) {
  double sum = 0;
  for (int i = 0; i < a.n; ++i)
    for (int j = 0; j < a.n; ++j) sum += a(i, j) / (std::abs(i - j) + 1.0);
  return sum / (static_cast<double>(a.n) * a.n);
}

std::vector<int> seed_punctuation_positions(const std::vector<Token>& tokens) {
  static constexpr std::array<std::string_view, 6> marks = {".", ",", "!", "?", ";", ":"};
  std::vector<int> positions;
  for (int i = 0; i < static_cast<int>(tokens.size()); ++i)
    for (auto mark : marks)
      if (tokens[i].piece == mark) positions.push_back(i);
  return positions;
}

double punctuation_attention(HeadMatrix a, const std::vector<int>& punctuation) {
  if (punctuation.empty()) return 0;
  return key_set_sum(a, punctuation) / a.n / static_cast<double>(punctuation.size());
}

HeadScores seed_specialization(const Attention& attention) {
  const auto punctuation = seed_punctuation_positions(attention.tokens);
  return score_heads(attention, {{"distance", distance_score}, {"punctuation", [&](HeadMatrix a) {
                                                                  return punctuation_attention(
                                                                      a, punctuation);
                                                                }}});
}

std::optional<std::string> layer_range_heuristic(int layer, int layers) {
  if (layer < layers / 3) return "syntactic";
  if (layer > 2 * layers / 3) return "semantic";
  return std::nullopt;
}

}  // namespace attnscope::analysis
