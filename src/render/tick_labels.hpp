#pragma once
// Category tick labels (tokens) that stay readable at any length: long labels are shortened, the
// font shrinks to a floor, and then only every k-th label is drawn, so that no two labels ever
// overlap. Space is reserved for the widest label, so thinning never changes the layout.
#include <string>
#include <vector>

#include "render/scene.hpp"

namespace attnscope::render {

struct TickLabels {
  std::vector<std::string> labels;  // one per row / column
  Font font{10, false};
  double angle = 45;    // x labels only: 0 horizontal, 45 the notebook's, 90 vertical
  double min_font = 6;  // shrink no further; thin instead
  int max_chars = 16;   // longer labels end in "…"
  int min_stride = 1;   // draw every min_stride-th label at least (same_stride sets it)
};

// First max_chars - 1 code points and "…" when the label is longer.
std::string shorten_label(const std::string& label, int max_chars);

struct FittedLabels {
  Font font;
  int stride = 1;                 // draw labels 0, stride, 2*stride...
  std::vector<std::string> text;  // shortened labels
};

// The font and stride that fit labels `spacing` points apart. `stacked` is for y axes (labels
// above one another, horizontal text); otherwise labels sit side by side at `angle`.
FittedLabels fit_labels(const TickLabels& labels, double spacing, bool stacked);

// Room the labels need beside (y) or below (x) the cells, at their starting font size.
double y_labels_width(const TickLabels& labels);
double x_labels_height(const TickLabels& labels);
// How far x labels may reach left of the first column's centre.
double x_labels_left_reach(const TickLabels& labels);

inline constexpr double kTickPad = 4;  // points between cells and labels

// Token × token heatmaps label the same tokens on both axes: x labels at 45° need more room
// than stacked y labels, so both take the larger of the two strides (every 6th on both, not
// every 4th row and every 6th column, which no reader can match up).
void same_stride(TickLabels& x, TickLabels& y, const Box& cells);

// Labels centred on the rows of `cells`, right-aligned left of it.
void draw_y_labels(Scene& scene, const Box& cells, const TickLabels& labels);
// Labels under the columns of `cells`, rotated about their right end (the notebook's
// rotation=45, ha='right'), starting `offset` points below the cells.
void draw_x_labels(Scene& scene, const Box& cells, const TickLabels& labels, double offset = 0);

}  // namespace attnscope::render
