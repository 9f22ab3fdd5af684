#pragma once
// Attention flow (Abnar & Zuidema 2020): the layers as a flow network — node (l, i) is position i
// after layer l, edge (l, i)→(l−1, j) has capacity Ã_l[i, j] — and the flow from a position to an
// input token is the max-flow between them, so parallel paths add up and bottlenecks limit.
#include "analysis/rollout.hpp"
#include "attention/attention.hpp"

namespace attnscope::analysis {

// n×n matrix (a LayerMatrices with one layer): row i is the max-flow from node (layer, i) to each
// input token (0, j), normalised to sum to 1. `layer` in 1..L; 0 means the last layer.
LayerMatrices attention_flow(const Attention& attention, const RolloutOptions& options,
                             int layer = 0);

}  // namespace attnscope::analysis
