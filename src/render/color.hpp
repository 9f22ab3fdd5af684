#pragma once
// Colours as the renderers take them: linear 0..1 channels, like matplotlib's RGBA tuples.
#include <cstdint>

namespace attnscope::render {

struct Rgb {
  double r = 0, g = 0, b = 0;
  // 0xRRGGBB, the way colour tables and CSS write colours.
  static constexpr Rgb hex(uint32_t value) {
    return {((value >> 16) & 0xff) / 255.0, ((value >> 8) & 0xff) / 255.0, (value & 0xff) / 255.0};
  }
  bool operator==(const Rgb&) const = default;
};

struct Rgba {
  Rgb rgb;
  double alpha = 1.0;
  Rgba() = default;
  constexpr Rgba(Rgb color, double a = 1.0) : rgb(color), alpha(a) {}
};

namespace colors {
inline constexpr Rgb white = Rgb::hex(0xffffff);
inline constexpr Rgb text = Rgb::hex(0x262626);  // seaborn's near-black label colour
inline constexpr Rgb grid = Rgb::hex(0xcccccc);
inline constexpr Rgb frame = Rgb::hex(0xcccccc);
inline constexpr Rgb steelblue = Rgb::hex(0x4682b4);
inline constexpr Rgb tab_blue = Rgb::hex(0x1f77b4);  // matplotlib's first line colour
inline constexpr Rgb orange = Rgb::hex(0xffa500);
}  // namespace colors

}  // namespace attnscope::render
