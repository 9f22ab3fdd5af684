#include "render/colorbar.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "render/ticks.hpp"

namespace attnscope::render {

namespace {

constexpr double kTickLength = 3.5;

struct Ticks {
  std::vector<double> values;
  double step = 1;
};

Ticks ticks_of(const Colorbar& bar) {
  const double lo = bar.scale.vmin, hi = bar.scale.vmax;
  Ticks ticks{nice_ticks(lo, hi), nice_step(lo, hi)};
  if (bar.integer_ticks) {
    ticks.step = std::max(1.0, std::round(ticks.step));
    ticks.values.clear();
    for (double t = std::ceil(lo / ticks.step) * ticks.step; t <= hi; t += ticks.step)
      ticks.values.push_back(t);
  }
  return ticks;
}

double widest_tick(const Colorbar& bar) {
  const Ticks ticks = ticks_of(bar);
  double w = 0;
  for (double t : ticks.values)
    w = std::max(w, measure_text(tick_text(t, ticks.step), bar.tick_font).width);
  return w;
}

}  // namespace

double colorbar_width(const Colorbar& bar) {
  double w = bar.gap + bar.bar_width + kTickLength + 2 + widest_tick(bar);
  if (!bar.label.empty()) w += 6 + measure_text(bar.label, bar.label_font).height();
  return w;
}

void draw_colorbar(Scene& scene, Point top_left, double height, const Colorbar& bar) {
  const ColorScale& s = bar.scale;
  Box box{top_left.x + bar.gap, top_left.y, bar.bar_width, height};
  ImageItem ramp{box, 1, Colormap::kSteps, {}};
  // Top row is the colormap's last entry, bottom row its first: the ends are exact.
  for (int i = Colormap::kSteps - 1; i >= 0; --i) ramp.pixels.push_back(s.colormap->table()[i]);
  scene.image(std::move(ramp));
  double span = s.vmax - s.vmin;
  const Ticks ticks = ticks_of(bar);
  for (double t : ticks.values) {
    double y = span > 0 ? box.bottom() - (t - s.vmin) / span * height : box.bottom();
    scene.line({{box.right(), y}, {box.right() + kTickLength, y}}, colors::text, 0.8);
    scene.text(tick_text(t, ticks.step), {box.right() + kTickLength + 2, y}, {bar.tick_font},
               HAlign::Left, VAlign::Middle);
  }
  if (!bar.label.empty()) {
    double x = box.right() + kTickLength + 2 + widest_tick(bar) + 6;
    scene.text(bar.label, {x, box.center().y}, {bar.label_font}, HAlign::Center, VAlign::Top, 90);
  }
}

}  // namespace attnscope::render
