#pragma once
// The numbers behind the notebook's create_attention_summary figure.
#include <vector>

#include "attention/attention.hpp"

namespace attnscope::analysis {

struct AttentionSummary {
  std::vector<double> mean_weight;   // [layer]: mean of every head's every cell
  std::vector<double> mean_entropy;  // [layer]: notebook row entropy averaged over heads and rows
  std::vector<double> average;       // [n][n]: attention averaged over all layers and heads
  std::vector<double> received;      // [n]: column sums of `average`
  int most_attended = 0;             // argmax of `received` (first on ties, like numpy)
};

AttentionSummary seed_summary(const Attention& attention);

}  // namespace attnscope::analysis
