#include "render/xy_panel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "render/heatmap_panel.hpp"
#include "render/ticks.hpp"

namespace attnscope::render {

namespace {

constexpr double kMarginFraction = 0.05;  // matplotlib's axes.xmargin / ymargin
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

}  // namespace

void draw_xy_panel(Scene& scene, const Box& region, const XYPanel& panel) {
  Range xr, yr;
  for (const auto& line : panel.lines) {
    for (double x : line.x) xr.add(x);
    for (double y : line.y) yr.add(y);
  }
  if (panel.bars) {
    const auto& h = panel.bars->heights;
    xr.add(-panel.bars->width / 2);
    xr.add(static_cast<double>(h.size()) - 1 + panel.bars->width / 2);
    yr.add(0);
    for (double v : h) yr.add(v);
  }
  Range x = xr.padded(), y = yr.padded();
  if (panel.bars) y.lo = 0;  // bars stand on the axis

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
  Box plot = region.inset(left, top, 6, bottom);

  auto px = [&](double v) { return plot.x + (v - x.lo) / (x.hi - x.lo) * plot.w; };
  auto py = [&](double v) { return plot.bottom() - (v - y.lo) / (y.hi - y.lo) * plot.h; };

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

  if (panel.bars)
    for (std::size_t i = 0; i < panel.bars->heights.size(); ++i) {
      double half = panel.bars->width / 2;
      double x0 = px(static_cast<double>(i) - half), x1 = px(static_cast<double>(i) + half);
      double top_y = py(panel.bars->heights[i]);
      scene.fill({x0, top_y, x1 - x0, py(0) - top_y}, {panel.bars->color, panel.bars->alpha});
    }
  for (const auto& line : panel.lines) {
    std::vector<Point> points;
    for (std::size_t i = 0; i < line.x.size(); ++i)
      points.push_back({px(line.x[i]), py(line.y[i])});
    scene.line(points, line.color, line.width);
    for (const auto& p : points) scene.marker({p, line.marker, line.marker_size, line.color});
  }
  scene.rect({plot, {colors::white, 0}, {colors::frame, 1}, 1.0});

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
