#include "analysis/marked_heads.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "analysis/score_grid_text.hpp"

namespace attnscope::analysis {
namespace {

// One metric "m" over 2 layers × 4 heads, in (layer, head) order.
HeadScores grid(const std::vector<double>& values) {
  HeadScores scores(2, 4);
  scores.add("m") = values;
  return scores;
}

std::vector<std::pair<int, int>> heads_of(const MarkedHeads& marked) {
  std::vector<std::pair<int, int>> heads;
  for (const auto& head : marked.heads) heads.emplace_back(head.layer, head.head);
  return heads;
}

// GPT-2's [SEP] metric was all zeros, and its first heads were outlined as "best".
TEST(MarkedHeads, AllTiedMarksNone) {
  const auto marked =
      mark_heads(grid(std::vector<double>(8, 0.0)), "m", {.count = 5, .threshold = std::nullopt});
  EXPECT_TRUE(marked.heads.empty());
  EXPECT_EQ(marked.legend, "no head above the median 0.000");
}

TEST(MarkedHeads, AGroupTiedAcrossTheCutIsLeftOutWhole) {
  const auto marked = mark_heads(grid({0.9, 0.5, 0.5, 0.5, 0.1, 0.1, 0.1, 0.1}), "m",
                                 {.count = 2, .threshold = std::nullopt});
  EXPECT_EQ(heads_of(marked), (std::vector<std::pair<int, int>>{{0, 0}}));
  EXPECT_EQ(marked.legend, "top 1 above the median 0.300");
}

TEST(MarkedHeads, OnlyHeadsAboveTheMedianAreMarked) {
  // Median 0.3: the one head at 0.31 stands out, the others are the typical head.
  const auto marked = mark_heads(grid({0.3, 0.3, 0.3, 0.31, 0.3, 0.3, 0.3, 0.3}), "m",
                                 {.count = 3, .threshold = std::nullopt});
  EXPECT_EQ(heads_of(marked), (std::vector<std::pair<int, int>>{{0, 3}}));
}

// detect's scores of 0.009-0.021 had "best" heads; with a stated bar none is.
TEST(MarkedHeads, AnAbsoluteThresholdMarksNoneBelowIt) {
  const auto scores = grid({0.009, 0.012, 0.021, 0.015, 0.010, 0.011, 0.02, 0.013});
  const auto none = mark_heads(scores, "m", {.count = 5, .threshold = 0.4});
  EXPECT_TRUE(none.heads.empty());
  EXPECT_EQ(none.legend, "no head above 0.400");
  const auto two = mark_heads(scores, "m", {.count = 5, .threshold = 0.015});
  EXPECT_EQ(heads_of(two), (std::vector<std::pair<int, int>>{{0, 2}, {1, 2}}));
  EXPECT_EQ(two.legend, "top 2 above 0.015");
}

// Broken weights give NaN scores: they rank last and are never marked, and the median ignores them.
TEST(MarkedHeads, NanScoresRankLastAndAreNeverMarked) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto scores = grid({nan, 0.1, 0.9, nan, 0.2, 0.3, 0.1, 0.1});
  const auto ranked = scores.ranked("m");
  EXPECT_EQ(ranked.front().score, 0.9);
  EXPECT_TRUE(std::isnan(ranked[6].score) && std::isnan(ranked[7].score));
  const auto marked = mark_heads(scores, "m", {.count = 8, .threshold = std::nullopt});
  for (const auto& head : marked.heads) EXPECT_FALSE(std::isnan(head.score));
  // The six finite scores' median is (0.1 + 0.2) / 2; 0.9, 0.3 and 0.2 are above it.
  EXPECT_EQ(marked.legend, "top 3 above the median 0.150");
}

TEST(MarkedHeads, TheDefaultCountIsOnePerEightHeadsUpToFive) {
  EXPECT_EQ(default_mark_count(HeadScores(2, 4)), 1);
  EXPECT_EQ(default_mark_count(HeadScores(2, 8)), 2);
  EXPECT_EQ(default_mark_count(HeadScores(12, 12)), 5);
}

TEST(ScoreGridText, SaysWhenNoHeadStandsOut) {
  std::ostringstream out;
  print_score_grid(out, grid(std::vector<double>(8, 0.0)), "m", "Sep");
  const auto text = out.str();
  EXPECT_EQ(text.substr(0, text.find('\n')), "Sep (no head above the median 0.000)");
  EXPECT_EQ(text.find('*'), std::string::npos);
}

}  // namespace
}  // namespace attnscope::analysis
