#include "render/ticks.hpp"

#include <cmath>
#include <cstdio>

namespace attnscope::render {

double nice_step(double lo, double hi, int max_ticks) {
  double span = hi - lo;
  if (!(span > 0)) return 1;
  double raw = span / std::max(1, max_ticks - 1);
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * magnitude >= raw * (1 - 1e-9)) return m * magnitude;
  return 10 * magnitude;
}

std::vector<double> nice_ticks(double lo, double hi, int max_ticks) {
  double step = nice_step(lo, hi, max_ticks);
  std::vector<double> ticks;
  if (!(hi > lo)) {
    ticks.push_back(lo);
    return ticks;
  }
  double first = std::ceil(lo / step - 1e-9) * step;
  for (double v = first; v <= hi + step * 1e-9; v += step)
    ticks.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  return ticks;
}

std::string tick_text(double value, double step) {
  int decimals = 0;
  for (double s = step; decimals < 8 && std::abs(s - std::round(s)) > 1e-9 * std::max(1.0, s);
       s *= 10)
    ++decimals;
  if (std::abs(value) < std::abs(step) * 1e-9) value = 0;  // no "-0"
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

}  // namespace attnscope::render
