#pragma once
// Clark et al.'s per-head statistics over a corpus (their figures 2 and 4): one strip plot per
// metric with every head a dot at its layer and the layer means joined by a line; the entropy
// panels also show the entropy of uniform attention.
#include "analysis/corpus_results.hpp"
#include "render/scene.hpp"

namespace attnscope::render {

Scene corpus_stats_figure(const analysis::CorpusStats& stats);

// The panel title of a metric of CorpusStats ("prev" → "Attention to the previous token");
// unknown metrics keep their name.
std::string corpus_metric_title(const std::string& metric);

}  // namespace attnscope::render
