#pragma once
// The head scores the explorer's grid shows: every per-head metric of src/analysis that needs
// nothing but one text's attention.
#include "analysis/head_scores.hpp"
#include "attention/attention.hpp"

namespace attnscope::web {

analysis::HeadScores explorer_scores(const Attention& attention);

}  // namespace attnscope::web
