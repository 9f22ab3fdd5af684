#pragma once
// A vertical colorbar beside a heatmap: the colormap from vmin (bottom) to vmax (top), nice ticks
// on the right and an optional label rotated along it.
#include <string>

#include "render/heatmap.hpp"

namespace attnscope::render {

struct Colorbar {
  ColorScale scale;
  std::string label;  // "" for none
  Font tick_font{10, false};
  Font label_font{10, false};
  double bar_width = 14;
  double gap = 14;             // between the heatmap and the bar
  bool integer_ticks = false;  // ticks at whole numbers only (layers)
};

// Width the colorbar takes to the right of its heatmap, gap included.
double colorbar_width(const Colorbar& bar);
// Draws it with its bar spanning `height` points down from `top_left`.
void draw_colorbar(Scene& scene, Point top_left, double height, const Colorbar& bar);

}  // namespace attnscope::render
