#pragma once
// The notebook's interactive_attention_explorer: a console report of notable heads, then the
// heatmap of the most interesting one, chosen by the scores (the notebook always drew layer 2,
// head 0).
#include <string>

#include "attention/attention.hpp"
#include "render/head_figure.hpp"
#include "render/scene.hpp"

namespace attnscope::render {

struct Exploration {
  std::string report;  // what the command prints
  int layer = 0, head = 0;
  std::string why;  // one line: why this head was chosen
};

// Checks every head (not only layers 0-2 x heads 0-3) with the notebook's three tests (diagonal,
// first column, last-row entropy) and ranks all heads by how focused their attention is: lowest
// mean row entropy relative to uniform (entropy / ln n), leaving out heads that mostly park on
// the first token (attention sinks), which are focused but say nothing about the text.
Exploration explore_heads(const Attention& attention, const std::string& text);

Scene explore_figure(const Attention& attention, const Exploration& chosen,
                     const FigureOptions& options = {});

}  // namespace attnscope::render
