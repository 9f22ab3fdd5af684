#pragma once
// Applies per-head metric functions to every (layer, head) of an Attention record.
#include <functional>
#include <string>
#include <vector>

#include "analysis/head_matrix.hpp"
#include "analysis/head_scores.hpp"
#include "attention/attention.hpp"

namespace attnscope::analysis {

struct NamedMetric {
  std::string name;
  std::function<double(HeadMatrix)> score;
};

HeadMatrix head_matrix(const Attention& attention, int layer, int head);

// Throws Error when the record is empty (no tokens) or its tensor does not match its shape.
void check_attention_shape(const Attention& attention);

HeadScores score_heads(const Attention& attention, const std::vector<NamedMetric>& metrics);

}  // namespace attnscope::analysis
