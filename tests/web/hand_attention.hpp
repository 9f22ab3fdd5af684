#pragma once
// A small Attention built by hand, with rows that sum to 1 and values that differ per cell, so
// tests can check exactly what the explorer sends and embeds.
#include <cmath>
#include <string>
#include <vector>

#include "attention/attention.hpp"

namespace attnscope::test {

inline Attention hand_attention() {
  Attention attention;
  attention.model_name = "hand-bert";
  attention.architecture = Architecture::Bert;
  const std::vector<std::string> pieces = {"[CLS]", "the", "cat", "</script>", "sat", "[SEP]"};
  int offset = 0;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const bool special = pieces[i].front() == '[';
    Token token;
    token.id = static_cast<int32_t>(100 + i);
    token.piece = pieces[i];
    token.display = pieces[i];
    token.special = special;
    token.start = special ? 0 : offset;
    token.end = special ? 0 : offset + static_cast<int32_t>(pieces[i].size());
    if (!special) offset = token.end + 1;
    attention.tokens.push_back(token);
  }
  attention.layers = 2;
  attention.heads = 3;
  const int n = attention.n();
  for (int l = 0; l < attention.layers; ++l) {
    for (int h = 0; h < attention.heads; ++h) {
      for (int q = 0; q < n; ++q) {
        std::vector<float> row(n);
        float sum = 0;
        for (int k = 0; k < n; ++k)
          sum += row[k] = std::exp(0.37f * ((l + 1) * q - (h + 2) * k) / n + 0.1f * k * k);
        for (int k = 0; k < n; ++k) attention.probs.push_back(row[k] / sum);
      }
    }
  }
  return attention;
}

}  // namespace attnscope::test
