#include "render/geometry.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "render/scene.hpp"
#include "render/tick_labels.hpp"
#include "render/ticks.hpp"

namespace attnscope::render {
namespace {

Quad rect(double x, double y, double w, double h) {
  return Quad{{Point{x, y}, Point{x + w, y}, Point{x + w, y + h}, Point{x, y + h}}};
}

TEST(Geometry, OverlapOfRotatedBoxes) {
  EXPECT_TRUE(overlaps(rect(0, 0, 10, 10), rect(5, 5, 10, 10)));
  EXPECT_FALSE(overlaps(rect(0, 0, 10, 10), rect(10, 0, 10, 10)));  // touching edges
  EXPECT_FALSE(overlaps(rect(0, 0, 10, 10), rect(11, 11, 2, 2)));
  // A diamond whose bounding box overlaps the square's but whose area does not.
  Quad diamond{{Point{12, 8}, Point{16, 12}, Point{12, 16}, Point{8, 12}}};
  EXPECT_TRUE(diamond.bounds().x < 10);
  EXPECT_FALSE(overlaps(rect(0, 0, 10, 10), diamond));
}

TEST(Geometry, RotatedTextOutlineFollowsTheAngle) {
  TextItem t = lay_out_text("abc", {100, 100}, {}, HAlign::Right, VAlign::Middle, 45);
  TextExtent e = measure_text("abc", Font{});
  // The right end's middle is the anchor; the text runs down-left from it.
  Box b = t.outline.bounds();
  double r = std::sqrt(0.5);
  EXPECT_NEAR(b.x, 100 - (e.width + e.height() / 2) * r, 1e-9);
  EXPECT_NEAR(b.y, 100 - e.height() / 2 * r, 1e-9);
  EXPECT_NEAR(b.bottom(), 100 + (e.width + e.height() / 2) * r, 1e-9);
}

TEST(Ticks, NiceValues) {
  auto unit = nice_ticks(0, 1);
  std::vector<double> expected{0, 0.2, 0.4, 0.6, 0.8, 1.0};
  ASSERT_EQ(unit.size(), expected.size());
  for (std::size_t i = 0; i < unit.size(); ++i) EXPECT_NEAR(unit[i], expected[i], 1e-12);
  auto t = nice_ticks(0.059, 0.087);
  ASSERT_FALSE(t.empty());
  EXPECT_GE(t.front(), 0.059);
  EXPECT_LE(t.back(), 0.087);
  EXPECT_EQ(tick_text(0.4, 0.2), "0.4");
  EXPECT_EQ(tick_text(2, 1), "2");
  EXPECT_EQ(tick_text(0.075, 0.005), "0.075");
}

TEST(TickLabels, ShortensLongLabelsByCodePoints) {
  EXPECT_EQ(shorten_label("short", 16), "short");
  EXPECT_EQ(shorten_label("abcdefghijklmnopq", 16), "abcdefghijklmno\u2026");
  EXPECT_EQ(shorten_label("abcdefghijklmnop", 16), "abcdefghijklmnop");  // exactly 16 fits
  EXPECT_EQ(shorten_label("\u00e9\u00e9\u00e9\u00e9", 3), "\u00e9\u00e9\u2026");
}

TEST(TickLabels, ThinsWhenCellsAreSmallerThanText) {
  TickLabels labels;
  labels.labels.assign(100, "word");
  FittedLabels wide = fit_labels(labels, 40, true);
  EXPECT_EQ(wide.stride, 1);
  EXPECT_EQ(wide.font.size, 10);
  FittedLabels tight = fit_labels(labels, 2, true);
  EXPECT_EQ(tight.font.size, labels.min_font);
  double h = measure_text("Hg", tight.font).height();
  EXPECT_GE(tight.stride * 2.0, h);  // shown labels are at least a line apart
}

}  // namespace
}  // namespace attnscope::render
