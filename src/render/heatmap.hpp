#pragma once
// A matrix drawn as coloured cells (seaborn.heatmap's mesh), optionally with cell borders.
#include <cstdint>
#include <vector>

#include "render/colormap.hpp"
#include "render/scene.hpp"

namespace attnscope::render {

struct Matrix {
  int rows = 0, cols = 0;
  std::vector<float> values;  // row-major [rows][cols]
  // Cells that hold no value (a causal model's future keys), drawn grey, not as a weight of 0;
  // empty: none.
  std::vector<uint8_t> masked = {};
  float at(int r, int c) const { return values[static_cast<std::size_t>(r) * cols + c]; }
  bool is_masked(std::size_t index) const { return !masked.empty() && masked[index]; }
  float min() const;  // of the unmasked cells
  float max() const;
};

struct ColorScale {
  const Colormap* colormap = nullptr;
  double vmin = 0, vmax = 1;
  bool log =
      false;  // matplotlib's LogNorm: vmin > 0, and values at or below it get the first colour
  // Where `value` falls on the scale, 0 at vmin and 1 at vmax (outside: past the ends).
  double fraction(double value) const;
  Rgb color(double value) const { return colormap->at(fraction(value)); }
};

// Masked cells: matplotlib's "lightgrey", apart from every colormap's low end.
inline constexpr Rgb kMaskedColor = Rgb::hex(0xd3d3d3);

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
