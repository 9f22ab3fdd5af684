#pragma once
// Attention rollout (Abnar & Zuidema 2020): how much each input token reaches each position after
// every layer, treating the residual connection as half of each layer's mixing.
#include <vector>

#include "attention/attention.hpp"

namespace attnscope::analysis {

enum class HeadFusion { Mean, Max, Min };

struct RolloutOptions {
  HeadFusion fusion = HeadFusion::Mean;
  double residual = 0.5;  // weight of the identity in Ã = (1−r)·Â + r·I
};

// Per-layer n×n matrices stored [layer][query][key].
struct LayerMatrices {
  int layers = 0;
  int n = 0;
  std::vector<double> values;
  const double* layer(int index) const {
    return values.data() + static_cast<std::size_t>(index) * n * n;
  }
  double at(int index, int query, int key) const {
    return layer(index)[static_cast<std::size_t>(query) * n + key];
  }
};

// Ã_l for every layer: heads fused (mean/max/min), the residual identity mixed in, rows
// renormalised to sum to 1.
LayerMatrices residual_attention(const Attention& attention, const RolloutOptions& options);

// R_1 = Ã_1, R_l = Ã_l·R_{l−1}: row i of layer l is how position i at layer l draws on the inputs.
LayerMatrices attention_rollout(const Attention& attention, const RolloutOptions& options);

}  // namespace attnscope::analysis
