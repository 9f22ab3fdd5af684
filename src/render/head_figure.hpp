#pragma once
// The notebook's plot_attention_head: one head's attention as a heatmap.
#include <string>

#include "attention/attention.hpp"
#include "render/scene.hpp"

namespace attnscope::render {

struct FigureOptions {
  bool hide_special = false;  // --no-special
  std::string note = {};      // a footnote saying what the cells are when not token attention
};

// YlOrRd from 0 to 1, square cells, key tokens on x (45°), query tokens on y, colorbar
// "Attention Weight", title "Layer L, Head H" (`title` replaces it when not empty), options.note
// under the figure.
Scene head_figure(const Attention& attention, int layer, int head,
                  const FigureOptions& options = {}, const std::string& title = "");

}  // namespace attnscope::render
