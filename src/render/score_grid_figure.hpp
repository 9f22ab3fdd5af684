#pragma once
// Per-head analysis scores as layer × head heatmaps, one panel per metric, with the best heads
// outlined: the figure every analysis command (patterns, specialize, detect) writes.
#include <string>
#include <vector>

#include "analysis/head_scores.hpp"
#include "render/scene.hpp"

namespace attnscope::render {

struct ScorePanel {
  std::string metric;  // a metric of the HeadScores
  std::string title;   // shown above the panel
};

// The panels whose metric `scores` has: a metric the architecture lacks (GPT-2 has no next
// token or [SEP]) is not drawn as a panel of zeros.
std::vector<ScorePanel> available_panels(const analysis::HeadScores& scores,
                                         const std::vector<ScorePanel>& panels);

// The available panels three to a row, viridis over each metric's own range, rows = layers,
// columns = heads; the `marked` highest-scoring heads of each metric (default:
// analysis::marked_heads) get a red outline.
Scene score_grid_figure(const analysis::HeadScores& scores, const std::vector<ScorePanel>& panels,
                        const std::string& suptitle, int marked = -1);

}  // namespace attnscope::render
