#include "render/colorbar.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "render/ticks.hpp"

namespace attnscope::render {

namespace {

constexpr double kTickLength = 3.5;

struct Ticks {
  std::vector<double> values;
  double step = 1;
};

// Powers of ten within the range, as LogLocator puts them, and both ends when fewer than two.
Ticks log_ticks(double lo, double hi) {
  Ticks ticks;
  if (!(lo > 0) || !std::isfinite(lo) || !std::isfinite(hi)) return {{lo, hi}, 0};
  for (double t = std::pow(10.0, std::ceil(std::log10(lo) - 1e-9)); t <= hi * (1 + 1e-9); t *= 10)
    ticks.values.push_back(t);
  if (ticks.values.size() < 2) ticks.values = {lo, hi};
  ticks.step = 0;
  return ticks;
}

std::string log_tick_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

Ticks ticks_of(const Colorbar& bar) {
  const double lo = bar.scale.vmin, hi = bar.scale.vmax;
  if (bar.scale.log) return log_ticks(lo, hi);
  Ticks ticks{nice_ticks(lo, hi), nice_step(lo, hi)};
  if (bar.integer_ticks) {
    ticks.step = std::max(1.0, std::round(ticks.step));
    ticks.values.clear();
    for (double t = std::ceil(lo / ticks.step) * ticks.step; t <= hi; t += ticks.step)
      ticks.values.push_back(t);
  }
  return ticks;
}

std::string text_of(const Colorbar& bar, double value, const Ticks& ticks) {
  return bar.scale.log ? log_tick_text(value) : tick_text(value, ticks.step);
}

double widest_tick(const Colorbar& bar) {
  const Ticks ticks = ticks_of(bar);
  double w = 0;
  for (double t : ticks.values)
    w = std::max(w, measure_text(text_of(bar, t, ticks), bar.tick_font).width);
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
  const Ticks ticks = ticks_of(bar);
  for (double t : ticks.values) {
    double y = box.bottom() - std::clamp(s.fraction(t), 0.0, 1.0) * height;
    scene.line({{box.right(), y}, {box.right() + kTickLength, y}}, colors::text, 0.8);
    scene.text(text_of(bar, t, ticks), {box.right() + kTickLength + 2, y}, {bar.tick_font},
               HAlign::Left, VAlign::Middle);
  }
  if (!bar.label.empty()) {
    double x = box.right() + kTickLength + 2 + widest_tick(bar) + 6;
    // A long label ("... 99th percentile, 0.454, log scale") shrinks to the bar's length.
    Font font = bar.label_font;
    const double length = measure_text(bar.label, font).width;
    if (length > height) font.size = std::max(5.0, font.size * height / length);
    scene.text(bar.label, {x, box.center().y}, {font}, HAlign::Center, VAlign::Top, 90);
  }
}

}  // namespace attnscope::render
