#pragma once
// Line, scatter and bar plots on one pair of axes, with a light grid, numeric ticks, a title and
// a legend when series are labelled (matplotlib's ax.plot / ax.bar under seaborn's whitegrid
// style, legend at loc="best").
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "render/scene.hpp"
#include "render/tick_labels.hpp"

namespace attnscope::render {

struct LineSeries {
  std::vector<double> x, y;
  Rgb color = colors::tab_blue;
  double width = 2;  // 0: markers only (a scatter or strip plot)
  MarkerShape marker = MarkerShape::Circle;
  double marker_size = 8;  // matplotlib's markersize: diameter in points; 0: none
  std::string label{};     // its legend entry; "" for none
};

// One bar per category at x = 0, 1, 2... (plus `offset`, to set series side by side).
struct BarSeries {
  std::vector<double> heights;
  Rgb color = colors::steelblue;
  double alpha = 0.7;
  double width = 0.8;   // in category units
  double offset = 0;    // in category units, from the category's centre
  std::string label{};  // its legend entry; "" for none
  // Texts above the bars, reading upwards ("" for none); the plot leaves room for them.
  std::vector<std::string> annotations{};
  Font annotation_font{8, false};
};

struct XYPanel {
  std::string title, x_label, y_label;
  std::vector<LineSeries> lines;
  std::vector<BarSeries> bars;
  std::optional<std::pair<double, double>> y_limits;  // instead of the data's range
  TickLabels categories;  // bar labels under the x axis; numeric x ticks when empty
  bool integer_x = true;  // numeric x ticks at whole numbers only (layers)
  bool grid_x = true;
  bool grid_y = true;
  Font title_font{14, true};
  Font axis_label_font{12, false};
  Font tick_font{10, false};
  // Every font (title, axis and tick labels, categories and their floor, annotations) × factor.
  void scale_fonts(double factor);
};

void draw_xy_panel(Scene& scene, const Box& region, const XYPanel& panel);

}  // namespace attnscope::render
