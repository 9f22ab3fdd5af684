#include "render/heatmap.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace attnscope::render {

namespace {

// The smallest (or largest, with std::greater) unmasked value; 0 when every cell is masked.
template <typename Before>
float extreme(const Matrix& m, Before before) {
  bool found = false;
  float best = 0;
  for (std::size_t i = 0; i < m.values.size(); ++i)
    if (!m.is_masked(i) && (!found || before(m.values[i], best))) best = m.values[i], found = true;
  return best;
}

}  // namespace

float Matrix::min() const { return extreme(*this, std::less<float>()); }
float Matrix::max() const { return extreme(*this, std::greater<float>()); }

double ColorScale::fraction(double value) const {
  if (!log) return vmax > vmin ? (value - vmin) / (vmax - vmin) : 0.0;
  if (value <= vmin || vmax <= vmin) return 0;
  return std::log(value / vmin) / std::log(vmax / vmin);
}

ColorScale data_scale(const Colormap& colormap, const Matrix& m) {
  return {&colormap, m.min(), m.max()};
}

void draw_heatmap(Scene& scene, const Box& cells, const Matrix& m, const ColorScale& scale,
                  const CellBorders& borders) {
  ImageItem image{cells, m.cols, m.rows, {}};
  image.pixels.reserve(m.values.size());
  for (std::size_t i = 0; i < m.values.size(); ++i)
    image.pixels.push_back(m.is_masked(i) ? kMaskedColor : scale.color(m.values[i]));
  scene.image(std::move(image));
  if (borders.width <= 0) return;
  double cw = cells.w / m.cols, ch = cells.h / m.rows;
  for (int c = 1; c < m.cols; ++c)
    scene.line({{cells.x + c * cw, cells.y}, {cells.x + c * cw, cells.bottom()}}, borders.color,
               borders.width);
  for (int r = 1; r < m.rows; ++r)
    scene.line({{cells.x, cells.y + r * ch}, {cells.right(), cells.y + r * ch}}, borders.color,
               borders.width);
}

}  // namespace attnscope::render
