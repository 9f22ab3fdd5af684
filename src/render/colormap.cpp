#include "render/colormap.hpp"

#include <cmath>

#include "core/error.hpp"
#include "render/viridis_table.hpp"

namespace attnscope::render {

namespace {

// ColorBrewer's 9-class sequential schemes, which matplotlib's _cm.py stores as its stops.
std::vector<Rgb> hex_stops(std::initializer_list<uint32_t> values) {
  std::vector<Rgb> stops;
  for (uint32_t v : values) stops.push_back(Rgb::hex(v));
  return stops;
}

const std::vector<Colormap>& all_colormaps() {
  static const std::vector<Colormap> maps = {
      Colormap("YlOrRd", hex_stops({0xffffcc, 0xffeda0, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xfc4e2a,
                                    0xe31a1c, 0xbd0026, 0x800026})),
      Colormap("Blues", hex_stops({0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6,
                                   0x2171b5, 0x08519c, 0x08306b})),
      Colormap("Reds", hex_stops({0xfff5f0, 0xfee0d2, 0xfcbba1, 0xfc9272, 0xfb6a4a, 0xef3b2c,
                                  0xcb181d, 0xa50f15, 0x67000d})),
      Colormap("viridis", viridis_table()),
  };
  return maps;
}

}  // namespace

const Colormap& Colormap::named(std::string_view name) {
  for (const auto& map : all_colormaps())
    if (map.name() == name) return map;
  std::string valid;
  for (const auto& n : names()) valid += (valid.empty() ? "" : ", ") + n;
  throw UsageError("unknown colormap '" + std::string(name) + "'; use one of " + valid);
}

std::vector<std::string> Colormap::names() {
  std::vector<std::string> out;
  for (const auto& map : all_colormaps()) out.push_back(map.name());
  return out;
}

Colormap::Colormap(std::string name, const std::vector<Rgb>& stops) : name_(std::move(name)) {
  // matplotlib's _create_lookup_table: entry i samples x = i / (N - 1) on the piecewise-linear
  // ramp through the stops placed at k / (stops - 1).
  const int segments = static_cast<int>(stops.size()) - 1;
  for (int i = 0; i < kSteps; ++i) {
    double x = static_cast<double>(i) / (kSteps - 1) * segments;
    int k = std::min(static_cast<int>(x), segments - 1);
    double t = x - k;
    const Rgb& a = stops[k];
    const Rgb& b = stops[k + 1];
    lut_[i] = {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
  }
}

Colormap::Colormap(std::string name, const std::array<Rgb, kSteps>& table)
    : name_(std::move(name)), lut_(table) {}

int Colormap::index(double fraction) {
  // Colormap.__call__: xa = x * N, x == 1 lands in the last entry, then truncation and clipping.
  if (!(fraction > 0)) return 0;  // also NaN
  double scaled = fraction * kSteps;
  if (scaled >= kSteps) return kSteps - 1;
  return static_cast<int>(scaled);
}

Rgb Colormap::map(double value, double vmin, double vmax) const {
  double fraction = vmax > vmin ? (value - vmin) / (vmax - vmin) : 0.0;
  return at(fraction);
}

}  // namespace attnscope::render
