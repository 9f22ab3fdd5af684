#pragma once
// Attention flow (Abnar & Zuidema 2020): the layers as a flow network — node (l, i) is position i
// after layer l, edge (l, i)→(l−1, j) has capacity Ã_l[i, j] — and the flow from a position to an
// input token is the max-flow between them, so parallel paths add up and bottlenecks limit.
#include <chrono>
#include <cstddef>
#include <functional>

#include "analysis/rollout.hpp"
#include "attention/attention.hpp"

namespace attnscope::analysis {

// Told each time a row is done (from the workers, one call at a time): rows done of all rows.
using FlowProgress = std::function<void(std::size_t done, std::size_t rows)>;

// n×n matrix (a LayerMatrices with one layer): row i is the max-flow from node (layer, i) to each
// input token (0, j), normalised to sum to 1. `layer` in 1..L; 0 means the last layer.
// It costs n² max-flows over L·n² edges; each costs about its augmenting paths (see
// LayeredMaxFlow).
LayerMatrices attention_flow(const Attention& attention, const RolloutOptions& options,
                             int layer = 0, const FlowProgress& progress = {});

// The whole run's expected seconds from the rows done so far; rows take about equally long.
class FlowEstimate {
 public:
  using Clock = std::chrono::steady_clock;
  explicit FlowEstimate(Clock::time_point start = Clock::now()) : start_(start) {}
  double total_seconds(std::size_t done, std::size_t rows,
                       Clock::time_point now = Clock::now()) const;

 private:
  Clock::time_point start_;
};

}  // namespace attnscope::analysis
