#pragma once
// A matrix drawn as coloured cells (seaborn.heatmap's mesh), optionally with cell borders.
#include <vector>

#include "render/colormap.hpp"
#include "render/scene.hpp"

namespace attnscope::render {

struct Matrix {
  int rows = 0, cols = 0;
  std::vector<float> values;  // row-major [rows][cols]
  float at(int r, int c) const { return values[static_cast<std::size_t>(r) * cols + c]; }
  float min() const;
  float max() const;
};

struct ColorScale {
  const Colormap* colormap = nullptr;
  double vmin = 0, vmax = 1;
  Rgb color(double value) const { return colormap->map(value, vmin, vmax); }
};

// seaborn's default scale: the data's own range.
ColorScale data_scale(const Colormap& colormap, const Matrix& m);

struct CellBorders {
  double width = 0;  // points; 0 draws none (seaborn's linewidths)
  Rgb color = colors::white;
};

// Fills `cells` exactly with m.rows x m.cols cells.
void draw_heatmap(Scene& scene, const Box& cells, const Matrix& m, const ColorScale& scale,
                  const CellBorders& borders = {});

// Borders help up to this many cells per side; beyond it they would hide the colours.
inline constexpr int kMaxBorderedCells = 40;

}  // namespace attnscope::render
