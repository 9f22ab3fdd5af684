#include "render/xy_panel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "render/heatmap_panel.hpp"
#include "render/legend.hpp"
#include "render/ticks.hpp"

namespace attnscope::render {

namespace {

constexpr double kMarginFraction = 0.05;  // matplotlib's axes.xmargin / ymargin
constexpr double kAnnotationGap = 3;      // between a bar's top and its annotation
constexpr double kLegendGap = 8;          // between the plot and a legend beside it
const Rgba kGrid{colors::grid, 0.5};

struct Range {
  double lo = std::numeric_limits<double>::max(), hi = -std::numeric_limits<double>::max();
  void add(double v) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  // Adds matplotlib's 5% margins; a flat range is widened so it still has ticks.
  Range padded() const {
    double span = hi - lo;
    if (!(span > 0)) span = std::abs(lo) > 0 ? std::abs(lo) * 0.1 : 1;
    return {lo - span * kMarginFraction, hi + span * kMarginFraction};
  }
};

// Data to figure coordinates. The data's top sits `headroom` points below the frame, so bar
// annotations stay inside it.
struct Axes {
  Box plot;
  Range x, y;
  double headroom = 0;
  double px(double v) const { return plot.x + (v - x.lo) / (x.hi - x.lo) * plot.w; }
  double py(double v) const {
    return plot.bottom() - (v - y.lo) / (y.hi - y.lo) * (plot.h - headroom);
  }
};

// Points above the highest bar that its annotation needs.
double annotation_room(const XYPanel& panel) {
  double room = 0;
  for (const auto& bars : panel.bars)
    for (const auto& text : bars.annotations)
      if (!text.empty())
        room = std::max(room, measure_text(text, bars.annotation_font).width + 2 * kAnnotationGap);
  return room;
}

bool has_annotation(const BarSeries& bars, std::size_t i) {
  return i < bars.annotations.size() && !bars.annotations[i].empty();
}

// Samples of everything drawn inside the plot (markers, lines, bars, annotations): what a
// legend inside it should not cover.
std::vector<Point> occupied_points(const XYPanel& panel, const Axes& axes) {
  std::vector<Point> points;
  auto segment = [&](Point a, Point b, double step) {
    const int n = std::max(1, static_cast<int>(std::hypot(b.x - a.x, b.y - a.y) / step));
    for (int i = 0; i <= n; ++i)
      points.push_back({a.x + (b.x - a.x) * i / n, a.y + (b.y - a.y) * i / n});
  };
  for (const auto& bars : panel.bars)
    for (std::size_t i = 0; i < bars.heights.size(); ++i) {
      const double center = axes.px(static_cast<double>(i) + bars.offset);
      double top = axes.py(bars.heights[i]);
      if (has_annotation(bars, i))
        top -= kAnnotationGap + measure_text(bars.annotations[i], bars.annotation_font).width;
      segment({center, top}, {center, axes.py(0)}, 4);
    }
  for (const auto& line : panel.lines)
    for (std::size_t i = 0; i < line.x.size(); ++i) {
      const Point p{axes.px(line.x[i]), axes.py(line.y[i])};
      if (line.width > 0 && i > 0) segment({axes.px(line.x[i - 1]), axes.py(line.y[i - 1])}, p, 4);
      points.push_back(p);
    }
  return points;
}

Legend legend_of(const XYPanel& panel) {
  Legend legend;
  legend.font = panel.tick_font;
  for (const auto& line : panel.lines)
    if (!line.label.empty())
      legend.entries.push_back({line.label, line.color,
                                line.marker_size > 0 ? Swatch::Marker : Swatch::Line, line.marker});
  for (const auto& bars : panel.bars)
    if (!bars.label.empty())
      legend.entries.push_back({bars.label, {bars.color, bars.alpha}, Swatch::Bar});
  return legend;
}

}  // namespace

void XYPanel::scale_fonts(double factor) {
  for (Font* font : {&title_font, &axis_label_font, &tick_font, &categories.font})
    font->size *= factor;
  categories.min_font *= factor;
  for (auto& series : bars) series.annotation_font.size *= factor;
}

void draw_xy_panel(Scene& scene, const Box& region, const XYPanel& panel) {
  Range xr, yr;
  for (const auto& line : panel.lines) {
    for (double x : line.x) xr.add(x);
    for (double y : line.y) yr.add(y);
  }
  for (const auto& bars : panel.bars) {
    xr.add(bars.offset - bars.width / 2);
    xr.add(static_cast<double>(bars.heights.size()) - 1 + bars.offset + bars.width / 2);
    yr.add(0);
    for (double v : bars.heights) yr.add(v);
  }
  Range x = xr.padded(), y = yr.padded();
  if (!panel.bars.empty()) y.lo = 0;  // bars stand on the axis
  if (panel.y_limits) y = {panel.y_limits->first, panel.y_limits->second};

  auto y_ticks = nice_ticks(y.lo, y.hi, 7);
  double y_step = nice_step(y.lo, y.hi, 7);
  double y_tick_w = 0;
  for (double t : y_ticks)
    y_tick_w = std::max(y_tick_w, measure_text(tick_text(t, y_step), panel.tick_font).width);
  double tick_h = measure_text("Hg", panel.tick_font).height();
  double label_h = measure_text("Hg", panel.axis_label_font).height();
  bool categorical = !panel.categories.labels.empty();

  double top = title_height(panel.title, panel.title_font) + 8;
  double left = y_tick_w + kTickPad + (panel.y_label.empty() ? 0 : label_h + 6);
  if (categorical) left = std::max(left, x_labels_left_reach(panel.categories));
  double bottom = (categorical ? x_labels_height(panel.categories) : tick_h + kTickPad) +
                  (panel.x_label.empty() ? 0 : label_h + 6);
  Axes axes{region.inset(left, top, 6, bottom), x, y, annotation_room(panel)};

  // The legend goes in the emptiest corner; where every corner would hide something, beside
  // the plot instead.
  const Legend legend = legend_of(panel);
  Point legend_at;
  if (!legend.entries.empty()) {
    const Box size = legend_size(legend);
    const LegendPlace place = best_legend_corner(axes.plot, size, occupied_points(panel, axes));
    legend_at = place.top_left;
    if (place.covered > 0) {
      axes.plot.w -= size.w + kLegendGap;
      legend_at = {axes.plot.right() + kLegendGap, axes.plot.y};
    }
  }
  const Box& plot = axes.plot;
  auto px = [&](double v) { return axes.px(v); };
  auto py = [&](double v) { return axes.py(v); };

  for (double t : y_ticks) {
    if (panel.grid_y) scene.line({{plot.x, py(t)}, {plot.right(), py(t)}}, kGrid, 0.8);
    scene.text(tick_text(t, y_step), {plot.x - kTickPad, py(t)}, {panel.tick_font}, HAlign::Right,
               VAlign::Middle);
  }
  if (categorical) {
    int count = static_cast<int>(panel.categories.labels.size());
    if (panel.grid_x)
      for (int i = 0; i < count; ++i)
        scene.line({{px(i), plot.y}, {px(i), plot.bottom()}}, kGrid, 0.8);
    // Category i sits at px(i); give draw_x_labels a box whose i-th column is centred there.
    double spacing = px(1) - px(0);
    draw_x_labels(scene, {px(0) - spacing / 2, plot.y, spacing * count, plot.h}, panel.categories);
  } else {
    double step = nice_step(x.lo, x.hi, 8);
    if (panel.integer_x) step = std::max(1.0, std::round(step));
    for (double t = std::ceil(x.lo / step) * step; t <= x.hi; t += step) {
      if (panel.grid_x) scene.line({{px(t), plot.y}, {px(t), plot.bottom()}}, kGrid, 0.8);
      scene.text(tick_text(t, step), {px(t), plot.bottom() + kTickPad}, {panel.tick_font},
                 HAlign::Center, VAlign::Top);
    }
  }

  for (const auto& bars : panel.bars)
    for (std::size_t i = 0; i < bars.heights.size(); ++i) {
      const double center = static_cast<double>(i) + bars.offset, half = bars.width / 2;
      const double x0 = px(center - half), x1 = px(center + half);
      const double top_y = py(bars.heights[i]);
      scene.fill({x0, top_y, x1 - x0, py(0) - top_y}, {bars.color, bars.alpha});
      if (has_annotation(bars, i))
        scene.text(bars.annotations[i], {px(center), top_y - kAnnotationGap},
                   {bars.annotation_font}, HAlign::Left, VAlign::Middle, 90);
    }
  for (const auto& line : panel.lines) {
    std::vector<Point> points;
    for (std::size_t i = 0; i < line.x.size(); ++i)
      points.push_back({px(line.x[i]), py(line.y[i])});
    if (line.width > 0 && points.size() > 1) scene.line(points, line.color, line.width);
    if (line.marker_size > 0)
      for (const auto& p : points) scene.marker({p, line.marker, line.marker_size, line.color});
  }
  scene.rect({plot, {colors::white, 0}, {colors::frame, 1}, 1.0});
  if (!legend.entries.empty()) draw_legend(scene, legend, legend_at);

  draw_title(scene, panel.title, plot.center().x, plot.y - 8, panel.title_font);
  if (!panel.x_label.empty()) {
    double below = categorical ? x_labels_height(panel.categories) : tick_h + kTickPad;
    scene.text(panel.x_label, {plot.center().x, plot.bottom() + below + 6}, {panel.axis_label_font},
               HAlign::Center, VAlign::Top);
  }
  if (!panel.y_label.empty())
    scene.text(panel.y_label, {plot.x - y_tick_w - kTickPad - 6, plot.center().y},
               {panel.axis_label_font}, HAlign::Center, VAlign::Bottom, 90);
}

}  // namespace attnscope::render
