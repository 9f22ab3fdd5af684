#include "render/geometry.hpp"

#include <algorithm>
#include <limits>

namespace attnscope::render {

Box Quad::bounds() const {
  double x0 = std::numeric_limits<double>::max(), y0 = x0, x1 = -x0, y1 = -x0;
  for (const auto& p : corners) {
    x0 = std::min(x0, p.x);
    y0 = std::min(y0, p.y);
    x1 = std::max(x1, p.x);
    y1 = std::max(y1, p.y);
  }
  return {x0, y0, x1 - x0, y1 - y0};
}

namespace {

// Separating-axis test: two convex polygons are disjoint iff their projections onto some edge
// normal do not overlap.
bool separated_along_edges_of(const Quad& a, const Quad& b) {
  constexpr double kTouch = 1e-6;  // shared edges are not an overlap
  for (int i = 0; i < 4; ++i) {
    const Point& p = a.corners[i];
    const Point& q = a.corners[(i + 1) % 4];
    double nx = -(q.y - p.y), ny = q.x - p.x;
    double a_min = std::numeric_limits<double>::max(), a_max = -a_min;
    double b_min = a_min, b_max = -a_min;
    for (const auto& c : a.corners) {
      double d = c.x * nx + c.y * ny;
      a_min = std::min(a_min, d);
      a_max = std::max(a_max, d);
    }
    for (const auto& c : b.corners) {
      double d = c.x * nx + c.y * ny;
      b_min = std::min(b_min, d);
      b_max = std::max(b_max, d);
    }
    double scale = std::max(1.0, std::abs(nx) + std::abs(ny));
    if (a_max <= b_min + kTouch * scale || b_max <= a_min + kTouch * scale) return true;
  }
  return false;
}

}  // namespace

bool overlaps(const Quad& a, const Quad& b) {
  return !separated_along_edges_of(a, b) && !separated_along_edges_of(b, a);
}

}  // namespace attnscope::render
