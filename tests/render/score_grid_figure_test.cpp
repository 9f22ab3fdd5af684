#include "render/score_grid_figure.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "figure_checks.hpp"
#include "render/colormap.hpp"

namespace attnscope::render {
namespace {

analysis::HeadScores detect_like() {
  analysis::HeadScores scores(2, 4);
  scores.add("induction") = {0.009, 0.012, 0.021, 0.015, 0.010, 0.011, 0.02, 0.013};
  return scores;
}

bool has_text(const Scene& scene, const std::string& wanted) {
  const auto texts = scene.texts();
  return std::any_of(texts.begin(), texts.end(),
                     [&](const TextItem* t) { return t->text == wanted; });
}

int red_outlines(const Scene& scene) {
  return static_cast<int>(std::count_if(scene.items().begin(), scene.items().end(), [](auto& i) {
    const auto* rect = std::get_if<RectItem>(&i);
    return rect && rect->stroke.alpha > 0 && rect->stroke.rgb.r > 0.8;
  }));
}

// Scores of 0.009-0.021 were stretched over the whole colour scale with "best" heads outlined.
TEST(ScoreGridFigure, AnAbsoluteScoreKeepsZeroToOneAndSaysNoHeadIsAboveTheBar) {
  const auto scene =
      score_grid_figure(detect_like(), {{"induction", "induction (mul)", 0.4}}, "detect");
  const auto cells = test::images_of(scene, 4, 2);
  ASSERT_EQ(cells.size(), 1u);
  const auto& viridis = Colormap::named("viridis");
  // The highest cell, 0.021, is near the bottom of a 0-1 scale, not its top.
  EXPECT_LE(test::nearest_entry(viridis, test::to_rgb(cells[0].pixels[2])), 8);
  EXPECT_TRUE(has_text(scene, "no head above 0.400"));
  EXPECT_EQ(red_outlines(scene), 0);
}

TEST(ScoreGridFigure, ARelativeScoreUsesItsOwnRangeAndOutlinesHeadsAboveTheMedian) {
  const auto scene = score_grid_figure(detect_like(), {{"induction", "induction"}}, "patterns");
  const auto cells = test::images_of(scene, 4, 2);
  ASSERT_EQ(cells.size(), 1u);
  const auto& viridis = Colormap::named("viridis");
  EXPECT_EQ(test::nearest_entry(viridis, test::to_rgb(cells[0].pixels[2])), 255);
  const auto legend = analysis::mark_heads(detect_like(), "induction", {}).legend;
  EXPECT_EQ(legend.rfind("top 1 above the median 0.01", 0), 0u) << legend;
  EXPECT_TRUE(has_text(scene, "outlined: " + legend));
  EXPECT_EQ(red_outlines(scene), 1);
}

}  // namespace
}  // namespace attnscope::render
