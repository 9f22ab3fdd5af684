#pragma once
// Figure sizes: the notebook's figsize in points, grown for long inputs so cells stay visible.
#include <algorithm>

namespace attnscope::render {

inline constexpr double kPointsPerInch = 72;

// The notebook's sizes hold about this many tokens per side before cells get too small to read.
inline constexpr int kTokensAtNotebookSize = 300;

// How much to enlarge a figure that shows `tokens` tokens along one side.
inline double growth_for(int tokens) {
  return std::max(1.0, static_cast<double>(tokens) / kTokensAtNotebookSize);
}

}  // namespace attnscope::render
