#pragma once
// A figure as a list of drawing operations in points (1/72 inch, origin top-left). Figures build a
// Scene; the backends (cairo for PNG/PDF, our SVG writer) draw it; tests read it back, e.g. to
// check that no two texts overlap.
#include <string>
#include <variant>
#include <vector>

#include "render/color.hpp"
#include "render/geometry.hpp"
#include "render/text_metrics.hpp"

namespace attnscope::render {

enum class HAlign { Left, Center, Right };
enum class VAlign { Top, Middle, Baseline, Bottom };

struct TextStyle {
  Font font;
  Rgb color = colors::text;
};

struct TextItem {
  std::string text;
  Point anchor;  // the point (h, v) alignment refers to, before rotation
  TextStyle style;
  HAlign h = HAlign::Left;
  VAlign v = VAlign::Baseline;
  double angle = 0;  // degrees counter-clockwise, rotating about the anchor
  Quad outline;      // the text's box after rotation, as laid out
  Point origin;      // where the baseline starts, before rotation (derived from anchor/alignment)
};

struct RectItem {
  Box box;
  Rgba fill{colors::white, 0};
  Rgba stroke{colors::white, 0};
  double stroke_width = 0;
};

struct LineItem {
  std::vector<Point> points;
  Rgba color;
  double width = 1;
};

enum class MarkerShape { Circle, Square };

struct MarkerItem {
  Point center;
  MarkerShape shape = MarkerShape::Circle;
  double size = 6;  // diameter / side in points
  Rgba color;
};

// A grid of colours stretched over a box without smoothing: heatmap cells and colorbars.
struct ImageItem {
  Box box;
  int cols = 0, rows = 0;
  std::vector<Rgb> pixels;  // row-major, rows * cols
};

using Item = std::variant<TextItem, RectItem, LineItem, MarkerItem, ImageItem>;

class Scene {
 public:
  Scene(double width, double height) : width_(width), height_(height) {}
  double width() const { return width_; }
  double height() const { return height_; }
  // Room for more at the bottom (a footnote under a finished figure).
  void grow_height(double extra) { height_ += extra; }
  const std::vector<Item>& items() const { return items_; }

  // Adds a text and returns its rotated outline.
  const TextItem& text(std::string text, Point anchor, TextStyle style, HAlign h = HAlign::Left,
                       VAlign v = VAlign::Baseline, double angle = 0);
  void rect(const RectItem& item) { items_.push_back(item); }
  void fill(Box box, Rgba color) { items_.push_back(RectItem{box, color, {}, 0}); }
  void line(std::vector<Point> points, Rgba color, double width) {
    items_.push_back(LineItem{std::move(points), color, width});
  }
  void marker(const MarkerItem& item) { items_.push_back(item); }
  void image(ImageItem item) { items_.push_back(std::move(item)); }

  std::vector<const TextItem*> texts() const;

 private:
  double width_, height_;
  std::vector<Item> items_;
};

// Where a text would go, without adding it (layout uses this to measure before placing).
TextItem lay_out_text(std::string text, Point anchor, TextStyle style, HAlign h, VAlign v,
                      double angle);

}  // namespace attnscope::render
