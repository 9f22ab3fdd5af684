#pragma once
// Line and bar plots on one pair of axes, with a light grid, numeric ticks and a title
// (matplotlib's ax.plot / ax.bar under seaborn's whitegrid style).
#include <optional>
#include <string>
#include <vector>

#include "render/scene.hpp"
#include "render/tick_labels.hpp"

namespace attnscope::render {

struct LineSeries {
  std::vector<double> x, y;
  Rgb color = colors::tab_blue;
  double width = 2;
  MarkerShape marker = MarkerShape::Circle;
  double marker_size = 8;  // matplotlib's markersize: diameter in points
};

// One bar per category at x = 0, 1, 2...
struct BarSeries {
  std::vector<double> heights;
  Rgb color = colors::steelblue;
  double alpha = 0.7;
  double width = 0.8;  // in category units
};

struct XYPanel {
  std::string title, x_label, y_label;
  std::vector<LineSeries> lines;
  std::optional<BarSeries> bars;
  TickLabels categories;  // bar labels under the x axis; numeric x ticks when empty
  bool integer_x = true;  // numeric x ticks at whole numbers only (layers)
  bool grid_x = true;
  bool grid_y = true;
  Font title_font{14, true};
  Font axis_label_font{12, false};
  Font tick_font{10, false};
};

void draw_xy_panel(Scene& scene, const Box& region, const XYPanel& panel);

}  // namespace attnscope::render
