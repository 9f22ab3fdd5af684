#include "render/attention_scale.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "render/colormap.hpp"

namespace attnscope::render {

namespace {

std::vector<float> unmasked(const std::vector<Matrix>& shown) {
  std::vector<float> values;
  for (const auto& m : shown)
    for (std::size_t i = 0; i < m.values.size(); ++i)
      if (!m.is_masked(i) && std::isfinite(m.values[i])) values.push_back(m.values[i]);
  return values;
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", value);
  return text;
}

}  // namespace

double unmasked_percentile(const std::vector<Matrix>& shown, double percent) {
  std::vector<float> values = unmasked(shown);
  if (values.empty()) return 0;
  const double position = percent / 100 * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  std::nth_element(values.begin(), values.begin() + below, values.end());
  const double low = values[below];
  if (below + 1 >= values.size()) return low;
  const double high = *std::min_element(values.begin() + below + 1, values.end());
  return low + (high - low) * (position - static_cast<double>(below));
}

AttentionScale attention_scale(const std::vector<Matrix>& shown, const ScaleOptions& options,
                               int tokens) {
  AttentionScale result;
  result.scale.colormap = &Colormap::named(options.cmap.empty() ? "YlOrRd" : options.cmap);
  std::string about;
  double top = 1;
  if (options.vmax) {
    top = *options.vmax;
    about = "top " + number(top);
  } else if (options.vmax_auto || tokens > kFixedScaleTokens) {
    top = unmasked_percentile(shown, 99);
    if (!(top > 0)) {  // a head that is nearly all zeros still needs a range
      float largest = 0;
      for (const auto& m : shown) largest = std::max(largest, m.max());
      top = largest > 0 ? largest : 1;
    }
    about = "top: 99th percentile, " + number(top);
  }
  result.scale.vmax = top;
  if (options.log) {
    // LogNorm needs a positive bottom: the smallest positive weight, within 4 decades of the top.
    double smallest = std::numeric_limits<double>::infinity();
    for (float v : unmasked(shown))
      if (v > 0) smallest = std::min<double>(smallest, v);
    result.scale.vmin = std::max(std::isfinite(smallest) ? smallest : top * 1e-4, top * 1e-4);
    if (result.scale.vmin >= top) result.scale.vmin = top / 10;
    result.scale.log = true;
    about += std::string(about.empty() ? "" : ", ") + "log scale";
  }
  result.label = "Attention Weight" + (about.empty() ? std::string() : " (" + about + ")");
  return result;
}

}  // namespace attnscope::render
