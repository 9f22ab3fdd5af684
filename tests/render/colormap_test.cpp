#include "render/colormap.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace attnscope::render {
namespace {

void expect_rgb(const Rgb& got, double r, double g, double b) {
  EXPECT_NEAR(got.r, r, 1e-6);
  EXPECT_NEAR(got.g, g, 1e-6);
  EXPECT_NEAR(got.b, b, 1e-6);
}

TEST(Colormap, EndsAreTheColorBrewerEnds) {
  const auto& ylorrd = Colormap::named("YlOrRd");
  expect_rgb(ylorrd.at(0), 1.0, 1.0, 0.8);
  expect_rgb(ylorrd.at(1), 128 / 255.0, 0, 38 / 255.0);
  const auto& reds = Colormap::named("Reds");
  expect_rgb(reds.at(0), 1.0, 245 / 255.0, 240 / 255.0);
  expect_rgb(reds.at(1), 103 / 255.0, 0, 13 / 255.0);
}

TEST(Colormap, MatchesMatplotlibValues) {
  // matplotlib: cm.Blues(0.5) and cm.viridis(0.5), i.e. lookup entry 128.
  expect_rgb(Colormap::named("Blues").at(0.5), 0.41708573625528644, 0.6806305267204922,
             0.8382314494425221);
  expect_rgb(Colormap::named("viridis").at(0.5), 0.127568, 0.566949, 0.550556);
  expect_rgb(Colormap::named("viridis").at(0), 0.267004, 0.004874, 0.329415);
  expect_rgb(Colormap::named("viridis").at(1), 0.993248, 0.906157, 0.143936);
}

TEST(Colormap, LookupIndexTruncatesLikeMatplotlib) {
  EXPECT_EQ(Colormap::index(0), 0);
  EXPECT_EQ(Colormap::index(1.0 / 256 - 1e-9), 0);
  EXPECT_EQ(Colormap::index(1.0 / 256), 1);
  EXPECT_EQ(Colormap::index(0.999), 255);
  EXPECT_EQ(Colormap::index(1.0), 255);
  EXPECT_EQ(Colormap::index(7.0), 255);  // clipped
  EXPECT_EQ(Colormap::index(-3.0), 0);
}

TEST(Colormap, NormalisesBetweenVminAndVmax) {
  const auto& m = Colormap::named("YlOrRd");
  EXPECT_EQ(m.map(2, 2, 4), m.at(0));
  EXPECT_EQ(m.map(3, 2, 4), m.at(0.5));
  EXPECT_EQ(m.map(4, 2, 4), m.at(1));
  EXPECT_EQ(m.map(5, 5, 5), m.at(0));  // a flat range maps to the low end, like Normalize
}

TEST(Colormap, UnknownNameListsTheValidOnes) {
  try {
    Colormap::named("jet");
    FAIL() << "expected an error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("YlOrRd, Blues, Reds, viridis"), std::string::npos);
  }
}

}  // namespace
}  // namespace attnscope::render
