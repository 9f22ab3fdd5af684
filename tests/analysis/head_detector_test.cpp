#include "analysis/head_detector.hpp"

#include <gtest/gtest.h>

#include "hand_attention.hpp"

namespace attnscope::analysis {
namespace {

constexpr double kTol = 1e-6;

std::vector<uint8_t> ones_at(int n, std::vector<std::pair<int, int>> cells) {
  std::vector<uint8_t> d(static_cast<std::size_t>(n) * n, 0);
  for (auto [i, j] : cells) d[static_cast<std::size_t>(i) * n + j] = 1;
  return d;
}

// Ids 5 7 5 7: the second 5 and 7 are duplicates of positions 0 and 1.
const std::vector<int32_t> kIds = {5, 7, 5, 7};

TEST(DetectionPattern, PreviousDuplicateAndInduction) {
  EXPECT_EQ(detection_pattern(DetectorPattern::PreviousToken, kIds),
            ones_at(4, {{1, 0}, {2, 1}, {3, 2}}));
  EXPECT_EQ(detection_pattern(DetectorPattern::DuplicateToken, kIds), ones_at(4, {{2, 0}, {3, 1}}));
  // Induction: from the second 5 to the token after the first 5 (position 1), and likewise.
  EXPECT_EQ(detection_pattern(DetectorPattern::Induction, kIds), ones_at(4, {{2, 1}, {3, 2}}));
}

TEST(DetectionPattern, InductionNeverLooksAtTheFuture) {
  // 3 3 3: position 1 matches position 0 (→ key 1, itself); position 2 matches 0 and 1.
  EXPECT_EQ(detection_pattern(DetectorPattern::Induction, {3, 3, 3}),
            ones_at(3, {{1, 1}, {2, 1}, {2, 2}}));
}

// A perfect causal previous-token head; row 0 can only attend to itself.
const std::vector<float> kPreviousHead = {1, 0, 0, 0,  //
                                          1, 0, 0, 0,  //
                                          0, 1, 0, 0,  //
                                          0, 0, 1, 0};

TEST(DetectorScore, MulCountsRowZeroUnlessTheFirstTokenIsExcluded) {
  HeadMatrix a{kPreviousHead.data(), 4};
  const auto d = detection_pattern(DetectorPattern::PreviousToken, kIds);
  EXPECT_NEAR(detector_score(a, d, {}), 3.0 / 4, kTol);
  // Column 0 excluded: rows 0 and 1 hold no attention left; rows 2 and 3 match fully.
  EXPECT_NEAR(detector_score(a, d, {ErrorMeasure::Mul, true, false}), 1.0, kTol);
  EXPECT_NEAR(detector_score(a, detection_pattern(DetectorPattern::Induction, kIds), {}), 0.5,
              kTol);
}

TEST(DetectorScore, AbsIsOneMinusMeanAbsoluteErrorTimesN) {
  HeadMatrix a{kPreviousHead.data(), 4};
  const auto d = detection_pattern(DetectorPattern::PreviousToken, kIds);
  // Only cell (0,0) differs, by 1: 1 − 1/4.
  EXPECT_NEAR(detector_score(a, d, {ErrorMeasure::Abs}), 0.75, kTol);
  // Excluding column 0 removes that cell (TransformerLens ignored exclusions for "abs").
  EXPECT_NEAR(detector_score(a, d, {ErrorMeasure::Abs, true, false}), 1.0, kTol);
  // Duplicate pattern: rows 0 and 1 have no duplicate but attend somewhere (1 each); rows 2
  // and 3 attend to the wrong cell and miss the right one (2 each): 1 − 6/4.
  EXPECT_NEAR(detector_score(a, detection_pattern(DetectorPattern::DuplicateToken, kIds),
                             {ErrorMeasure::Abs}),
              1 - 6.0 / 4, kTol);
}

TEST(DetectorScore, ExcludeSelfDropsTheDiagonal) {
  // Row i: half on itself, half on the previous token (row 0 all on itself).
  const std::vector<float> half = {1, 0, 0, 0.5f, 0.5f, 0, 0, 0.5f, 0.5f};
  HeadMatrix a{half.data(), 3};
  const auto d = detection_pattern(DetectorPattern::PreviousToken, {1, 2, 3});
  EXPECT_NEAR(detector_score(a, d, {}), 1.0 / 3, kTol);
  EXPECT_NEAR(detector_score(a, d, {ErrorMeasure::Mul, false, true}), 1.0, kTol);
}

TEST(DetectorScore, SingleTokenHasNothingToMatch) {
  const float one[] = {1};
  HeadMatrix a{one, 1};
  const auto d = detection_pattern(DetectorPattern::PreviousToken, {9});
  EXPECT_EQ(detector_score(a, d, {}), 0.0);
  EXPECT_EQ(detector_score(a, d, {ErrorMeasure::Mul, true, false}), 0.0);  // no division by 0
  EXPECT_NEAR(detector_score(a, d, {ErrorMeasure::Abs}), 0.0, kTol);
}

TEST(DetectHeads, ScoresEveryHeadOnTheRecordsIds) {
  // Layer 0: the previous-token head; layer 1: uniform causal attention.
  std::vector<float> probs = kPreviousHead;
  const float third = 1.0f / 3;
  const std::vector<float> uniform = {1,     0,     0,     0, 0.5f,  0.5f,  0,     0,
                                      third, third, third, 0, 0.25f, 0.25f, 0.25f, 0.25f};
  probs.insert(probs.end(), uniform.begin(), uniform.end());
  const auto attention = test::with_ids(
      test::hand_attention({"a", "b", "a", "b"}, 2, 1, probs, Architecture::Gpt2), kIds);
  const auto scores = detect_heads(
      attention, {DetectorPattern::PreviousToken, DetectorPattern::DuplicateToken}, {});
  EXPECT_NEAR(scores.at("previous_token", 0, 0), 0.75, kTol);
  EXPECT_NEAR(scores.at("previous_token", 1, 0), (0.5 + 1.0 / 3 + 0.25) / 4, kTol);
  EXPECT_NEAR(scores.at("duplicate_token", 1, 0), (1.0 / 3 + 0.25) / 4, kTol);
  EXPECT_FALSE(scores.has("induction"));
}

}  // namespace
}  // namespace attnscope::analysis
