#include "render/heatmap_panel.hpp"

#include <algorithm>
#include <sstream>

namespace attnscope::render {

namespace {

constexpr double kTitleGap = 8;
constexpr double kAxisLabelGap = 6;
constexpr double kFootnoteGap = 6;
const Font kFootnoteFont{9, false};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

double title_height(const std::string& title, const Font& font) {
  if (title.empty()) return 0;
  return static_cast<double>(lines_of(title).size()) * measure_text("Hg", font).height();
}

void scale_fonts(HeatmapPanel& panel, double factor) {
  for (Font* font :
       {&panel.title_font, &panel.axis_label_font, &panel.x_ticks.font, &panel.y_ticks.font})
    font->size *= factor;
  panel.x_ticks.min_font *= factor;
  panel.y_ticks.min_font *= factor;
  if (panel.colorbar) {
    panel.colorbar->tick_font.size *= factor;
    panel.colorbar->label_font.size *= factor;
    panel.colorbar->bar_width *= factor;
    panel.colorbar->gap *= factor;
  }
}

std::string attention_note(const Attention& attention, const std::string& note) {
  std::string full;
  auto add = [&full](const std::string& line) {
    if (!line.empty()) full += (full.empty() ? "" : "\n") + line;
  };
  if (attention.causal()) add("Grey: keys after the query, which a causal model cannot attend to.");
  if (attention.precision == Precision::bf16) add(std::string(kBf16Note));
  add(note);
  return full;
}

namespace {

std::vector<std::string> footnote_lines(const std::string& note) {
  std::vector<std::string> lines;
  for (std::size_t start = 0; start <= note.size();) {
    const std::size_t end = std::min(note.find('\n', start), note.size());
    lines.push_back(note.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

double footnote_line_height() { return measure_text("Hg", kFootnoteFont).height(); }

}  // namespace

double footnote_height(const std::string& note) {
  if (note.empty()) return 0;
  return footnote_lines(note).size() * footnote_line_height() + kFootnoteGap;
}

void draw_footnote(Scene& scene, const std::string& note) {
  if (note.empty()) return;
  const auto lines = footnote_lines(note);
  const double line_height = footnote_line_height();
  for (std::size_t i = 0; i < lines.size(); ++i)
    scene.text(
        lines[i],
        {scene.width() / 2, scene.height() - kFootnoteGap - (lines.size() - 1 - i) * line_height},
        {kFootnoteFont}, HAlign::Center, VAlign::Bottom);
}

void append_footnote(Scene& scene, const std::string& note) {
  scene.grow_height(footnote_height(note));
  draw_footnote(scene, note);
}

void draw_title(Scene& scene, const std::string& title, double center_x, double bottom,
                const Font& font) {
  auto lines = lines_of(title);
  double line_h = measure_text("Hg", font).height();
  double y = bottom - line_h * static_cast<double>(lines.size());
  for (const auto& line : lines) {
    scene.text(line, {center_x, y}, {font}, HAlign::Center, VAlign::Top);
    y += line_h;
  }
}

PanelLayout draw_heatmap_panel(Scene& scene, const Box& region, const HeatmapPanel& panel) {
  const Matrix& m = panel.matrix;
  double label_h = measure_text("Hg", panel.axis_label_font).height();
  double y_tick_h =
      panel.y_ticks.labels.empty() ? 0 : measure_text("Hg", panel.y_ticks.font).height();
  // Thinned y labels are centred on their rows and may reach half a line past the cells.
  double top = title_height(panel.title, panel.title_font) +
               (panel.title.empty() ? 0 : std::max(kTitleGap, y_tick_h / 2 + 2));
  double left =
      y_labels_width(panel.y_ticks) + (panel.y_label.empty() ? 0 : label_h + kAxisLabelGap);
  left = std::max(left, x_labels_left_reach(panel.x_ticks));
  double bottom =
      x_labels_height(panel.x_ticks) + (panel.x_label.empty() ? 0 : label_h + kAxisLabelGap);
  double right = panel.colorbar ? colorbar_width(*panel.colorbar) : 0;

  Box area = region.inset(left, top, right, bottom);
  double cell_w = area.w / m.cols, cell_h = area.h / m.rows;
  if (panel.square) cell_w = cell_h = std::min(cell_w, cell_h);
  double y_overhang = std::max(0.0, y_tick_h / 2 - cell_h / 2);
  if (y_overhang > 0) {  // thinning will happen: keep the last row's label clear of the x labels
    area.h -= y_overhang;
    cell_h = area.h / m.rows;
    if (panel.square) cell_w = cell_h = std::min(cell_w, cell_h);
  }
  Box cells{area.x + (area.w - cell_w * m.cols) / 2, area.y, cell_w * m.cols, cell_h * m.rows};

  draw_heatmap(scene, cells, m, panel.scale, panel.borders);
  TickLabels x_ticks = panel.x_ticks, y_ticks = panel.y_ticks;
  if (panel.same_tokens) same_stride(x_ticks, y_ticks, cells);
  draw_y_labels(scene, cells, y_ticks);
  draw_x_labels(scene, cells, x_ticks, y_overhang);
  if (!panel.title.empty())
    draw_title(scene, panel.title, cells.center().x,
               cells.y - top + title_height(panel.title, panel.title_font), panel.title_font);
  if (!panel.x_label.empty())
    scene.text(panel.x_label,
               {cells.center().x,
                cells.bottom() + y_overhang + x_labels_height(panel.x_ticks) + kAxisLabelGap},
               {panel.axis_label_font}, HAlign::Center, VAlign::Top);
  if (!panel.y_label.empty())
    scene.text(panel.y_label,
               {cells.x - y_labels_width(panel.y_ticks) - kAxisLabelGap, cells.center().y},
               {panel.axis_label_font}, HAlign::Center, VAlign::Bottom, 90);
  if (panel.colorbar) draw_colorbar(scene, {cells.right(), cells.y}, cells.h, *panel.colorbar);
  return {cells};
}

}  // namespace attnscope::render
