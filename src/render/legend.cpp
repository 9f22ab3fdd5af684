#include "render/legend.hpp"

#include <algorithm>

namespace attnscope::render {

namespace {

constexpr double kPad = 5;           // inside the frame
constexpr double kSwatchWidth = 18;  // room for a marker, line or bar before the label
constexpr double kSwatchGap = 5;

double row_height(const Font& font) { return measure_text("Hg", font).height() * 1.25; }

Font title_font(const Font& font) { return {font.size, true}; }

}  // namespace

Box legend_size(const Legend& legend) {
  double width =
      legend.title.empty() ? 0 : measure_text(legend.title, title_font(legend.font)).width;
  for (const auto& e : legend.entries)
    width = std::max(width, kSwatchWidth + kSwatchGap + measure_text(e.label, legend.font).width);
  const double rows = static_cast<double>(legend.entries.size()) + (legend.title.empty() ? 0 : 1);
  return {0, 0, width + 2 * kPad, rows * row_height(legend.font) + 2 * kPad};
}

Box draw_legend(Scene& scene, const Legend& legend, Point top_left) {
  Box box = legend_size(legend);
  box.x = top_left.x;
  box.y = top_left.y;
  scene.rect({box, {colors::white, 0.85}, {colors::frame, 1}, 0.8});
  const double row = row_height(legend.font);
  double y = box.y + kPad + row / 2;
  if (!legend.title.empty()) {
    scene.text(legend.title, {box.x + kPad, y}, {title_font(legend.font)}, HAlign::Left,
               VAlign::Middle);
    y += row;
  }
  for (const auto& e : legend.entries) {
    const Point center{box.x + kPad + kSwatchWidth / 2, y};
    switch (e.swatch) {
      case Swatch::Marker:
        scene.marker({center, e.marker, legend.font.size * 0.7, e.color});
        break;
      case Swatch::Line:
        scene.line({{center.x - kSwatchWidth / 2, y}, {center.x + kSwatchWidth / 2, y}}, e.color,
                   2);
        break;
      case Swatch::Bar:
        scene.fill({center.x - kSwatchWidth / 2, y - row * 0.3, kSwatchWidth, row * 0.6}, e.color);
        break;
    }
    scene.text(e.label, {box.x + kPad + kSwatchWidth + kSwatchGap, y}, {legend.font}, HAlign::Left,
               VAlign::Middle);
    y += row;
  }
  return box;
}

LegendPlace best_legend_corner(const Box& plot, const Box& size, const std::vector<Point>& points,
                               double margin) {
  const double left = plot.x + margin, right = plot.right() - margin - size.w;
  const double top = plot.y + margin, bottom = plot.bottom() - margin - size.h;
  LegendPlace best;
  bool first = true;
  for (const Point corner : {Point{right, top}, {left, top}, {right, bottom}, {left, bottom}}) {
    const Box box{corner.x, corner.y, size.w, size.h};
    const long covered = std::count_if(points.begin(), points.end(),
                                       [&](const Point& p) { return box.contains(p); });
    if (first || covered < best.covered) best = {corner, covered};
    first = false;
  }
  return best;
}

}  // namespace attnscope::render
