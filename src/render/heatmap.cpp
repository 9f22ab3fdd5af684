#include "render/heatmap.hpp"

#include <algorithm>

namespace attnscope::render {

float Matrix::min() const {
  return values.empty() ? 0 : *std::min_element(values.begin(), values.end());
}
float Matrix::max() const {
  return values.empty() ? 0 : *std::max_element(values.begin(), values.end());
}

ColorScale data_scale(const Colormap& colormap, const Matrix& m) {
  return {&colormap, m.min(), m.max()};
}

void draw_heatmap(Scene& scene, const Box& cells, const Matrix& m, const ColorScale& scale,
                  const CellBorders& borders) {
  ImageItem image{cells, m.cols, m.rows, {}};
  image.pixels.reserve(m.values.size());
  for (float v : m.values) image.pixels.push_back(scale.color(v));
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
