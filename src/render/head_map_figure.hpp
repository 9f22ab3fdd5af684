#pragma once
// Every head of a model as one point on a plane, placed by the MDS of the Jensen–Shannon
// distances between heads (Clark et al. 2019, figure 6): coloured by layer in the first panel,
// by Clark's behaviour label in the second.
#include "analysis/corpus_results.hpp"
#include "analysis/head_distance.hpp"
#include "render/scene.hpp"

namespace attnscope::render {

// `stats` gives the model name and the labels ([layer][head], "" for none) of the same heads.
Scene head_map_figure(const analysis::HeadDistance& distance, const analysis::CorpusStats& stats);

}  // namespace attnscope::render
