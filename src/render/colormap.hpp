#pragma once
// Matplotlib's colormaps with its exact colour stops and its 256-entry lookup, so a value maps to
// the same colour as in seaborn's figures.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "render/color.hpp"

namespace attnscope::render {

class Colormap {
 public:
  static constexpr int kSteps = 256;  // matplotlib's default N

  // "YlOrRd", "Blues", "Reds" or "viridis"; throws UsageError naming the valid ones otherwise.
  static const Colormap& named(std::string_view name);
  static std::vector<std::string> names();

  // Built like LinearSegmentedColormap.from_list: stops evenly spaced, interpolated to kSteps.
  Colormap(std::string name, const std::vector<Rgb>& stops);
  // Built like ListedColormap: exactly kSteps colours.
  Colormap(std::string name, const std::array<Rgb, kSteps>& table);

  const std::string& name() const { return name_; }
  // The colour of a fraction in [0, 1]; outside it clips to the ends, as matplotlib does.
  Rgb at(double fraction) const { return lut_[index(fraction)]; }
  // matplotlib's Normalize(vmin, vmax) followed by the lookup.
  Rgb map(double value, double vmin, double vmax) const;
  // The lookup-table entry a fraction falls in (0..kSteps-1).
  static int index(double fraction);
  const std::array<Rgb, kSteps>& table() const { return lut_; }

 private:
  std::string name_;
  std::array<Rgb, kSteps> lut_{};
};

}  // namespace attnscope::render
