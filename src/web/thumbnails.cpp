#include "web/thumbnails.hpp"

#include <algorithm>

namespace attnscope::web {

int thumbnail_side(int n) { return std::min(n, kThumbnailCells); }

std::vector<float> thumbnails(const Attention& attention) {
  const int n = attention.n();
  const int side = thumbnail_side(n);
  const std::size_t cells = static_cast<std::size_t>(side) * side;
  std::vector<float> out(cells * attention.layers * attention.heads, 0.0f);
  std::vector<int> cell_of(n);
  for (int i = 0; i < n; ++i) cell_of[i] = i * side / n;
  for (int layer = 0; layer < attention.layers; ++layer) {
    for (int head = 0; head < attention.heads; ++head) {
      const float* values = attention.head(layer, head);
      float* picture =
          out.data() + (static_cast<std::size_t>(layer) * attention.heads + head) * cells;
      for (int q = 0; q < n; ++q) {
        float* row = picture + static_cast<std::size_t>(cell_of[q]) * side;
        for (int k = 0; k < n; ++k) row[cell_of[k]] = std::max(row[cell_of[k]], values[q * n + k]);
      }
    }
  }
  return out;
}

}  // namespace attnscope::web
