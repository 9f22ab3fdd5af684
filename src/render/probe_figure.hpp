#pragma once
// Dependency probing (Clark et al. 2019, section 4.2): per relation, the accuracy of the best
// head next to the best fixed-offset baseline, as paired bars labelled with the head "L-H" and
// direction and with the baseline's offset.
#include <string>

#include "analysis/corpus_results.hpp"
#include "render/scene.hpp"

namespace attnscope::render {

Scene probe_figure(const analysis::ProbeResult& probe);

// "7-10 d→h" (the dependent's attention finds its head) or "7-10 h→d" (the reverse).
std::string best_head_text(const analysis::RelationProbe& relation);

}  // namespace attnscope::render
