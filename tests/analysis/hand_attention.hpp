#pragma once
// Small Attention records written out by hand, for metrics whose values are worked out on paper.
#include <string>
#include <vector>

#include "attention/attention.hpp"

namespace attnscope::test {

// `heads_rows` holds every head's n×n matrix, layer by layer, rows in order.
inline Attention hand_attention(const std::vector<std::string>& pieces, int layers, int heads,
                                std::vector<float> heads_rows,
                                Architecture architecture = Architecture::Bert) {
  Attention attention;
  attention.model_name = "hand";
  attention.architecture = architecture;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    Token token;
    token.id = static_cast<int32_t>(i);
    token.piece = token.display = pieces[i];
    attention.tokens.push_back(token);
  }
  attention.layers = layers;
  attention.heads = heads;
  attention.probs = std::move(heads_rows);
  return attention;
}

inline Attention with_ids(Attention attention, const std::vector<int32_t>& ids) {
  for (std::size_t i = 0; i < ids.size(); ++i) attention.tokens[i].id = ids[i];
  return attention;
}

}  // namespace attnscope::test
