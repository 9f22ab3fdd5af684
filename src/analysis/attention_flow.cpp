#include "analysis/attention_flow.hpp"

#include <mutex>
#include <string>

#include "analysis/layered_max_flow.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"

namespace attnscope::analysis {

double FlowEstimate::total_seconds(std::size_t done, std::size_t rows,
                                   Clock::time_point now) const {
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  return done == 0 ? 0 : elapsed * static_cast<double>(rows) / static_cast<double>(done);
}

LayerMatrices attention_flow(const Attention& attention, const RolloutOptions& options, int layer,
                             const FlowProgress& progress) {
  const LayerMatrices mixed = residual_attention(attention, options);
  const int top = layer == 0 ? mixed.layers : layer;
  if (top < 1 || top > mixed.layers)
    throw UsageError("flow layer " + std::to_string(layer) + " is out of range; give 1.." +
                     std::to_string(mixed.layers));
  const int n = mixed.n;
  LayerMatrices flow{1, n, std::vector<double>(static_cast<std::size_t>(n) * n)};
  std::mutex progress_mutex;
  std::size_t done = 0;
  // Each worker solves whole rows with a solver of its own (solving changes its flows).
  parallel_for(n, [&](std::size_t begin, std::size_t end) {
    LayeredMaxFlow network(mixed, top);
    for (std::size_t i = begin; i < end; ++i) {
      double* row = flow.values.data() + i * n;
      double sum = 0;
      for (int j = 0; j < n; ++j) sum += row[j] = network.solve(static_cast<int>(i), j);
      if (sum > 0)
        for (int j = 0; j < n; ++j) row[j] /= sum;
      if (progress) {
        std::lock_guard lock(progress_mutex);
        progress(++done, static_cast<std::size_t>(n));
      }
    }
  });
  return flow;
}

}  // namespace attnscope::analysis
