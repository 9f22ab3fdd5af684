#include "analysis/score_heads.hpp"

#include <string>

#include "core/error.hpp"

namespace attnscope::analysis {

HeadMatrix head_matrix(const Attention& attention, int layer, int head) {
  return {attention.head(layer, head), attention.n()};
}

void check_attention_shape(const Attention& attention) {
  if (attention.n() == 0) throw Error("no tokens to analyse; give a non-empty text");
  const std::size_t expected =
      static_cast<std::size_t>(attention.layers) * attention.heads * attention.n() * attention.n();
  if (attention.layers <= 0 || attention.heads <= 0 || attention.probs.size() != expected)
    throw Error("attention tensor has " + std::to_string(attention.probs.size()) +
                " values, expected " + std::to_string(expected) + " for its shape");
}

HeadScores score_heads(const Attention& attention, const std::vector<NamedMetric>& metrics) {
  check_attention_shape(attention);
  HeadScores scores(attention.layers, attention.heads);
  for (const auto& metric : metrics) {
    auto& values = scores.add(metric.name);
    for (int layer = 0; layer < attention.layers; ++layer)
      for (int head = 0; head < attention.heads; ++head)
        values[static_cast<std::size_t>(layer) * attention.heads + head] =
            metric.score(head_matrix(attention, layer, head));
  }
  return scores;
}

}  // namespace attnscope::analysis
