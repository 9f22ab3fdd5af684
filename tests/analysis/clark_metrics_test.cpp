#include "analysis/clark_metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "hand_attention.hpp"

namespace attnscope::analysis {
namespace {

constexpr double kTol = 1e-6;

// [CLS] the cat . [SEP], one layer, two heads:
//   head 0: every token attends to the next one; [SEP] attends to itself
//   head 1: all to [CLS] except the last two rows, which attend to "." and [SEP]
Attention five_tokens() {
  return test::hand_attention({"[CLS]", "the", "cat", ".", "[SEP]"}, 1, 2, {0, 1, 0, 0, 0,  //
                                                                            0, 0, 1, 0, 0,  //
                                                                            0, 0, 0, 1, 0,  //
                                                                            0, 0, 0, 0, 1,  //
                                                                            0, 0, 0, 0, 1,  //
                                                                            1, 0, 0, 0, 0,  //
                                                                            1, 0, 0, 0, 0,  //
                                                                            1, 0, 0, 0, 0,  //
                                                                            0, 0, 0, 1, 0,  //
                                                                            0, 0, 0, 0, 1});
}

TEST(ClarkMetrics, AttentionToPositionsAndTokenKinds) {
  const auto scores = clark_metrics(five_tokens());
  EXPECT_NEAR(scores.at("next_token", 0, 0), 4.0 / 5, kTol);
  EXPECT_NEAR(scores.at("self", 0, 0), 1.0 / 5, kTol);
  EXPECT_NEAR(scores.at("previous_token", 0, 0), 0.0, kTol);
  EXPECT_NEAR(scores.at("sep", 0, 0), 2.0 / 5, kTol);
  EXPECT_NEAR(scores.at("last_token", 0, 0), 2.0 / 5, kTol);
  EXPECT_NEAR(scores.at("cls", 0, 0), 0.0, kTol);
}

TEST(ClarkMetrics, SecondHead) {
  const auto scores = clark_metrics(five_tokens());
  EXPECT_NEAR(scores.at("cls", 0, 1), 3.0 / 5, kTol);
  EXPECT_NEAR(scores.at("clark_punct", 0, 1), 1.0 / 5, kTol);
  EXPECT_NEAR(scores.at("self", 0, 1), 3.0 / 5, kTol);            // rows 0, 3 and 4
  EXPECT_NEAR(scores.at("previous_token", 0, 1), 1.0 / 5, kTol);  // row 1 → [CLS]
}

TEST(ClarkMetrics, SmoothedEntropyOfOneHotRows) {
  // Each row one-hot over n = 5: p = 0.9999 + 2e-5 once and 2e-5 four times.
  const double big = 0.9999 + 1e-4 / 5, small = 1e-4 / 5;
  const double expected = -(big * std::log(big) + 4 * small * std::log(small));
  EXPECT_NEAR(clark_metrics(five_tokens()).at("entropy_smoothed", 0, 0), expected, 1e-9);
}

TEST(ClarkMetrics, SmoothedEntropyOfUniformRowsIsLnN) {
  const auto attention = test::hand_attention({"a", "b"}, 1, 1, {0.5f, 0.5f, 0.5f, 0.5f});
  EXPECT_NEAR(clark_metrics(attention).at("entropy_smoothed", 0, 0), std::log(2.0), 1e-9);
}

TEST(ClarkMetrics, SingleToken) {
  const auto attention = test::hand_attention({"[CLS]"}, 1, 1, {1});
  const auto scores = clark_metrics(attention);
  EXPECT_NEAR(scores.at("self", 0, 0), 1.0, kTol);
  EXPECT_NEAR(scores.at("next_token", 0, 0), 0.0, kTol);
  EXPECT_NEAR(scores.at("cls", 0, 0), 1.0, kTol);
  EXPECT_NEAR(scores.at("entropy_smoothed", 0, 0), 0.0, 1e-9);
}

TEST(ClarkMetrics, LabelsLaterRulesWin) {
  const auto scores = clark_metrics(five_tokens());
  EXPECT_EQ(clark_label(scores, 0, 0), "next");  // next 0.8; [SEP] 0.4 stays below 0.6
  EXPECT_EQ(clark_label(scores, 0, 1), "");      // [CLS] 0.6 is not above 0.6
  const auto all_cls = test::hand_attention({"[CLS]", "a"}, 1, 1, {0, 1, 1, 0});
  // next_token 0.5 is not above 0.5; [CLS] 0.5 neither.
  EXPECT_EQ(clark_label(clark_metrics(all_cls), 0, 0), "");
  // previous_token 2/3 and [SEP] 2/3 both pass; [SEP] is tested later, so it wins.
  const auto previous_and_sep =
      test::hand_attention({"[SEP]", "a", "b"}, 1, 1, {1, 0, 0, 1, 0, 0, 0, 1, 0});
  EXPECT_EQ(clark_label(clark_metrics(previous_and_sep), 0, 0), "[SEP]");
}

// The vectorized row entropy against std::log, for every row length 1..70 (the eight-lane body
// and its tail) and values from exact zeros to a whole row's weight on one key.
TEST(ClarkMetrics, SmoothedRowEntropyMatchesStdLog) {
  for (int n = 1; n <= 70; ++n) {
    std::vector<float> row(n);
    for (int j = 0; j < n; ++j)
      row[j] = j % 3 == 0 ? 0.0f : std::pow(0.5f, static_cast<float>(j % 23));
    row[n / 2] += 1.0f;
    double expected = 0;
    for (float a : row) {
      const double p = 0.9999 * a + 1e-4 / n;
      expected -= p * std::log(p);
    }
    EXPECT_NEAR(smoothed_row_entropy(row.data(), n), expected, 1e-11 * std::abs(expected) + 1e-15)
        << n;
  }
}

}  // namespace
}  // namespace attnscope::analysis
