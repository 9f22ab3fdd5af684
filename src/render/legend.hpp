#pragma once
// A legend: one row per series with its swatch (a marker, a line or a bar) and label, in a
// framed white box, as matplotlib's ax.legend draws it.
#include <string>
#include <vector>

#include "render/scene.hpp"

namespace attnscope::render {

enum class Swatch { Marker, Line, Bar };

struct LegendEntry {
  std::string label;
  Rgba color;
  Swatch swatch = Swatch::Marker;
  MarkerShape marker = MarkerShape::Circle;
};

struct Legend {
  std::string title;  // bold first row; "" for none
  std::vector<LegendEntry> entries;
  Font font{10, false};
};

// The legend's width and height in points (x, y of the box are 0).
Box legend_size(const Legend& legend);
// Draws it with its top-left corner at `top_left`; returns the box it took.
Box draw_legend(Scene& scene, const Legend& legend, Point top_left);

struct LegendPlace {
  Point top_left;
  long covered = 0;  // how many of the points the legend would hide there
};

// The corner of `plot` (inset by `margin`) where a box of `size` covers the fewest of `points`;
// ties go to upper right, upper left, lower right, lower left, like matplotlib's loc="best".
LegendPlace best_legend_corner(const Box& plot, const Box& size, const std::vector<Point>& points,
                               double margin = 6);

}  // namespace attnscope::render
