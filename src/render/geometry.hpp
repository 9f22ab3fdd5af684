#pragma once
// Points, boxes and rotated text outlines in figure points (1/72 inch, y down), and the overlap
// test the label layout is checked with.
#include <array>

namespace attnscope::render {

struct Point {
  double x = 0, y = 0;
};

struct Box {
  double x = 0, y = 0, w = 0, h = 0;
  double right() const { return x + w; }
  double bottom() const { return y + h; }
  Point center() const { return {x + w / 2, y + h / 2}; }
  bool contains(Point p) const { return p.x >= x && p.x <= right() && p.y >= y && p.y <= bottom(); }
  // Shrinks by the given margins on each side.
  Box inset(double left, double top, double right_margin, double bottom_margin) const {
    return {x + left, y + top, w - left - right_margin, h - top - bottom_margin};
  }
};

// A convex quadrilateral: a text's rectangle after rotation, corners in order.
struct Quad {
  std::array<Point, 4> corners;
  Box bounds() const;
};

// True when the two outlines share interior area (touching edges do not count).
bool overlaps(const Quad& a, const Quad& b);

}  // namespace attnscope::render
