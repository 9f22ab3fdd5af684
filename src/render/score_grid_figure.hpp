#pragma once
// Per-head analysis scores as layer × head heatmaps, one panel per metric, with the heads that
// stand out outlined: the figure every analysis command (patterns, specialize, detect) writes.
#include <optional>
#include <string>
#include <vector>

#include "analysis/head_scores.hpp"
#include "analysis/marked_heads.hpp"
#include "render/scene.hpp"

namespace attnscope::render {

struct ScorePanel {
  std::string metric;  // a metric of the HeadScores
  std::string title;   // shown above the panel
  // A score with an absolute meaning (detect's fractions of attention): drawn on a fixed 0–1
  // scale, so 0.02 looks like nothing, and marked only above this bar. None: the metric's own
  // range, and heads marked above the median.
  std::optional<double> threshold = std::nullopt;
};

// The panels whose metric `scores` has: a metric the architecture lacks (GPT-2 has no next
// token or [SEP]) is not drawn as a panel of zeros.
std::vector<ScorePanel> available_panels(const analysis::HeadScores& scores,
                                         const std::vector<ScorePanel>& panels);

// The available panels three to a row, viridis, rows = layers, columns = heads; the heads
// analysis::mark_heads picks (at most `marked`, default its own count) get a red outline, and
// each title's second line says the rule ("outlined: top 5 above 0.400", "no head above ...").
Scene score_grid_figure(const analysis::HeadScores& scores, const std::vector<ScorePanel>& panels,
                        const std::string& suptitle, int marked = -1);

}  // namespace attnscope::render
