#include "analysis/head_scores.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "analysis/score_grid_text.hpp"
#include "analysis/score_writers.hpp"
#include "core/error.hpp"

namespace attnscope::analysis {
namespace {

HeadScores two_by_two() {
  HeadScores scores(2, 2);
  scores.add("induction") = {0.1, 0.2, 0.9, 0.3};
  scores.add("previous_token") = {1.0, 0.0, 0.25, 0.5};
  return scores;
}

TEST(HeadScores, RanksBestFirst) {
  const auto ranked = two_by_two().ranked("induction");
  ASSERT_EQ(ranked.size(), 4u);
  EXPECT_EQ(ranked[0].layer, 1);
  EXPECT_EQ(ranked[0].head, 0);
  EXPECT_EQ(ranked[0].score, 0.9);
  EXPECT_EQ(ranked[3].score, 0.1);
}

TEST(HeadScores, UnknownMetricNamesTheKnownOnes) {
  try {
    (void)two_by_two().values("entropy");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("induction, previous_token"), std::string::npos);
  }
}

TEST(ScoreAverage, EachDocumentCountsOnce) {
  ScoreAverage average;
  average.add(two_by_two());
  HeadScores other(2, 2);
  other.add("induction") = {0.3, 0.0, 0.1, 0.3};
  other.add("previous_token") = {0.0, 1.0, 0.75, 0.5};
  average.add(other);
  const auto mean = average.mean();
  EXPECT_EQ(average.count(), 2);
  EXPECT_DOUBLE_EQ(mean.at("induction", 0, 0), 0.2);
  EXPECT_DOUBLE_EQ(mean.at("induction", 1, 0), 0.5);
  EXPECT_DOUBLE_EQ(mean.at("previous_token", 0, 1), 0.5);
  EXPECT_THROW(average.add(HeadScores(3, 2)), Error);
}

TEST(ScoreWriters, JsonHasAGridPerMetric) {
  const auto json = scores_json({"tiny-gpt2", {{"a", "b"}}, two_by_two()});
  EXPECT_EQ(json["model"], "tiny-gpt2");
  EXPECT_EQ(json["tokens"], nlohmann::json({"a", "b"}));
  EXPECT_EQ(json["metrics"]["induction"], nlohmann::json({{0.1, 0.2}, {0.9, 0.3}}));
  EXPECT_EQ(json["metrics"]["previous_token"][1][1], 0.5);
  const auto two_texts = scores_json({"m", {{"a"}, {"b", "c"}}, two_by_two()});
  EXPECT_EQ(two_texts["texts"], 2);
  EXPECT_EQ(two_texts["tokens"][1][1], "c");
}

TEST(ScoreWriters, CsvIsOneRowPerHeadAndMetric) {
  const auto csv = scores_csv(two_by_two());
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "metric,layer,head,score");
  EXPECT_NE(csv.find("\ninduction,1,0,0.90000000000000002\n"), std::string::npos);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 9);
}

TEST(ScoreGridText, MarksTheBestHeads) {
  std::ostringstream out;
  print_score_grid(out, two_by_two(), "induction", "Induction",
                   {.count = 1, .threshold = std::nullopt});
  const auto text = out.str();
  EXPECT_NE(text.find("0.900*"), std::string::npos);
  EXPECT_NE(text.find("0.300 "), std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '*'), 2);  // the legend and one head
}

}  // namespace
}  // namespace attnscope::analysis
