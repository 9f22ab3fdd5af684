#pragma once
// One heatmap with everything around it, laid out inside a box: title on top, category labels on
// the left and bottom, axis labels, and a colorbar on the right (seaborn.heatmap on one axes).
#include <optional>
#include <string>

#include "attention/attention.hpp"
#include "render/colorbar.hpp"
#include "render/heatmap.hpp"
#include "render/tick_labels.hpp"

namespace attnscope::render {

struct HeatmapPanel {
  std::string title;  // may hold '\n' for a second line
  std::string x_label, y_label;
  TickLabels x_ticks, y_ticks;  // empty label lists draw none
  Matrix matrix;
  ColorScale scale;
  CellBorders borders;
  std::optional<Colorbar> colorbar;
  bool square = true;        // square cells, centred in the space left
  bool same_tokens = false;  // x and y label the same tokens: draw the same ones on both
  Font title_font{14, true};
  Font axis_label_font{12, false};
};

struct PanelLayout {
  Box cells;  // where the matrix went
};

PanelLayout draw_heatmap_panel(Scene& scene, const Box& region, const HeatmapPanel& panel);

// Every font of the panel (title, axis labels, tick labels and their floor, colorbar) times
// `factor`.
void scale_fonts(HeatmapPanel& panel, double factor);

// A title of one or more lines centred over [x0, x1] with its last line ending at `bottom`.
void draw_title(Scene& scene, const std::string& title, double center_x, double bottom,
                const Font& font);
double title_height(const std::string& title, const Font& font);

// A figure's footnote, small lines (one per '\n'-separated part) centred at the bottom of the
// scene; its height, with the gap above it, is what the figure leaves free for it (0: no note).
double footnote_height(const std::string& note);
// `note`, after a line on the grey cells when the attention is causal and one on the arithmetic
// when it was computed in bf16, so that no figure of the fast mode passes for fp32.
std::string attention_note(const Attention& attention, const std::string& note);
void draw_footnote(Scene& scene, const std::string& note);
// The same under a finished figure, which grows to make room for it.
void append_footnote(Scene& scene, const std::string& note);

}  // namespace attnscope::render
