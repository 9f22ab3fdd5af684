#include "analysis/repeat_random.hpp"

#include <gtest/gtest.h>

#include <set>

#include "core/error.hpp"
#include "hand_attention.hpp"

namespace attnscope::analysis {
namespace {

TEST(DrawRepeatRandom, SequencesAreTwoEqualHalvesInRange) {
  const auto sequences =
      draw_repeat_random({.length = 20, .batch = 4, .seed = 1, .low = 100, .high = 110});
  ASSERT_EQ(sequences.size(), 4u);
  std::set<int32_t> seen;
  for (const auto& ids : sequences) {
    ASSERT_EQ(ids.size(), 40u);
    for (int k = 0; k < 20; ++k) {
      EXPECT_EQ(ids[k], ids[k + 20]);
      EXPECT_GE(ids[k], 100);
      EXPECT_LT(ids[k], 110);
      seen.insert(ids[k]);
    }
  }
  EXPECT_EQ(seen.size(), 10u);  // 80 draws reach all 10 values (fixed seed; a miss has p ≈ 0.002)
  EXPECT_NE(sequences[0], sequences[1]);
}

TEST(DrawRepeatRandom, SameSeedSameDrawOtherSeedOtherDraw) {
  const RepeatRandomSpec spec{.length = 50, .batch = 2, .seed = 7, .low = 0, .high = 50257};
  EXPECT_EQ(draw_repeat_random(spec), draw_repeat_random(spec));
  auto other = spec;
  other.seed = 8;
  EXPECT_NE(draw_repeat_random(spec), draw_repeat_random(other));
}

TEST(DrawRepeatRandom, EmptyRangeIsAUsageError) {
  EXPECT_THROW(draw_repeat_random({.length = 5, .batch = 1, .seed = 0, .low = 10, .high = 10}),
               UsageError);
  EXPECT_THROW(draw_repeat_random({.length = 0, .batch = 1, .seed = 0, .low = 0, .high = 10}),
               UsageError);
}

// BOS r1 r2 r3 r1 r2 r3 (n = 7, N = 3): head 0 is an ideal induction head (repeated position i
// attends to i − 2, everything else to BOS); head 1 an ideal previous-token head.
Attention ideal_heads() {
  std::vector<float> probs(2 * 49, 0.0f);
  for (int i = 0; i < 7; ++i) {
    probs[i * 7 + (i >= 4 ? i - 2 : 0)] = 1;
    probs[49 + i * 7 + (i >= 1 ? i - 1 : 0)] = 1;
  }
  return test::with_ids(test::hand_attention({"<|endoftext|>", "a", "b", "c", "a", "b", "c"}, 1, 2,
                                             probs, Architecture::Gpt2),
                        {50256, 1, 2, 3, 1, 2, 3});
}

TEST(RepeatRandomScores, IdealHeadsScoreOne) {
  const auto scores = repeat_random_scores(ideal_heads(), 3, 1);
  EXPECT_DOUBLE_EQ(scores.at("induction", 0, 0), 1.0);
  EXPECT_DOUBLE_EQ(scores.at("induction", 0, 1), 0.0);
  EXPECT_DOUBLE_EQ(scores.at("previous_token", 0, 1), 1.0);
  // The induction head looks one back only from position 1 (to BOS): 1 of 6 sub-diagonal cells.
  EXPECT_DOUBLE_EQ(scores.at("previous_token", 0, 0), 1.0 / 6);
}

TEST(RepeatRandomScores, InputTooShortIsAnError) {
  EXPECT_THROW(repeat_random_scores(ideal_heads(), 4, 1), Error);
}

}  // namespace
}  // namespace attnscope::analysis
