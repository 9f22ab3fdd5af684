#include "analysis/seed_patterns.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "analysis/head_matrix.hpp"
#include "analysis/seed_explorer.hpp"
#include "analysis/seed_specialization.hpp"
#include "analysis/seed_summary.hpp"
#include "hand_attention.hpp"

namespace attnscope::analysis {
namespace {

constexpr double kTol = 1e-6;
const float third = 1.0f / 3;

TEST(SeedPatterns, SingleTokenIsLocalFocusedAndAllOnTheFirstToken) {
  const float one[] = {1.0f};
  HeadMatrix a{one, 1};
  EXPECT_NEAR(locality(a), 1.0, kTol);
  EXPECT_NEAR(mean_entropy(a), 0.0, kTol);
  EXPECT_EQ(normalized_entropy(a), 0.0);  // ln 1 = 0: no spread is possible
  EXPECT_NEAR(first_token(a), 1.0, kTol);
  EXPECT_NEAR(distance_score(a), 1.0, kTol);
}

TEST(SeedPatterns, AllMassOnTheFirstToken) {
  // Every query attends only to key 0; n = 4.
  const float a4[] = {1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0};
  HeadMatrix a{a4, 4};
  EXPECT_NEAR(locality(a), 0.75, kTol);  // query 3 is 3 tokens away from key 0
  EXPECT_NEAR(mean_entropy(a), 0.0, kTol);
  EXPECT_NEAR(first_token(a), 1.0, kTol);
  // Σ_i 1/(i+1) / 16 = (1 + 1/2 + 1/3 + 1/4) / 16 = 25/192
  EXPECT_NEAR(distance_score(a), 25.0 / 192, kTol);
}

TEST(SeedPatterns, UniformAttentionHasMaximalEntropy) {
  std::vector<float> uniform(16, 0.25f);
  HeadMatrix a{uniform.data(), 4};
  EXPECT_NEAR(mean_entropy(a), std::log(4.0), kTol);
  EXPECT_NEAR(normalized_entropy(a), 1.0, kTol);
  // Rows 0 and 3 see 3 keys within distance 2, rows 1 and 2 all four.
  EXPECT_NEAR(locality(a), (0.75 + 1 + 1 + 0.75) / 4, kTol);
  EXPECT_NEAR(first_token(a), 0.25, kTol);
  // Σ_{i,j} 1/(|i−j|+1) = 4 + 6/2 + 4/3 + 2/4 = 53/6; times 1/4, over 16.
  EXPECT_NEAR(distance_score(a), 53.0 / 384, kTol);
}

TEST(SeedPatterns, CausalZerosAddNoEntropy) {
  const float causal[] = {1, 0, 0, 0.5f, 0.5f, 0, third, third, third};
  HeadMatrix a{causal, 3};
  EXPECT_NEAR(mean_entropy(a), (std::log(2.0) + std::log(3.0)) / 3, kTol);
  EXPECT_NEAR(normalized_entropy(a), std::log(6.0) / 3 / std::log(3.0), kTol);
  EXPECT_NEAR(first_token(a), (1 + 0.5 + 1.0 / 3) / 3, kTol);
  EXPECT_NEAR(locality(a), 1.0, kTol);
}

TEST(SeedPatterns, TableHasEveryHeadOfEveryLayer) {
  // 2 layers × 1 head, n = 2: layer 0 attends to itself, layer 1 to token 0.
  const auto attention = test::hand_attention({"[CLS]", "cat"}, 2, 1, {1, 0, 0, 1, 1, 0, 1, 0});
  const auto scores = seed_patterns(attention);
  ASSERT_EQ(scores.metrics().size(), 4u);
  EXPECT_NEAR(scores.at("first_token", 0, 0), 0.5, kTol);
  EXPECT_NEAR(scores.at("first_token", 1, 0), 1.0, kTol);
  EXPECT_NEAR(scores.at("entropy_normalized", 0, 0), 0.0, kTol);
  EXPECT_EQ(scores.ranked("first_token").front().layer, 1);
}

TEST(SeedSpecialization, PunctuationAveragesOverPunctuationTokens) {
  // Tokens: the . cat , — keys 1 and 3 are punctuation.
  const auto attention = test::hand_attention({"the", ".", "cat", ","}, 1, 1,
                                              {0, 1, 0, 0,  //
                                               0, 1, 0, 0,  //
                                               0, 0, 0, 1,  //
                                               0.5f, 0, 0.5f, 0});
  EXPECT_EQ(seed_punctuation_positions(attention.tokens), (std::vector<int>{1, 3}));
  const auto scores = seed_specialization(attention);
  // mean_i A[i,1] = 2/4, mean_i A[i,3] = 1/4; their mean is 3/8.
  EXPECT_NEAR(scores.at("punctuation", 0, 0), 0.375, kTol);
}

TEST(SeedSpecialization, NoPunctuationScoresZero) {
  const auto attention = test::hand_attention({"a", "b"}, 1, 1, {0.5f, 0.5f, 0.5f, 0.5f});
  EXPECT_EQ(seed_specialization(attention).at("punctuation", 0, 0), 0.0);
}

TEST(SeedSpecialization, LayerRangeHeuristicFollowsTheNotebook) {
  // 12 layers: 0..3 "syntactic", 4..8 nothing, 9..11 "semantic".
  EXPECT_EQ(layer_range_heuristic(3, 12), "syntactic");
  EXPECT_EQ(layer_range_heuristic(4, 12), std::nullopt);
  EXPECT_EQ(layer_range_heuristic(8, 12), std::nullopt);
  EXPECT_EQ(layer_range_heuristic(9, 12), "semantic");
}

TEST(SeedExplorer, DiagonalFirstColumnAndLastRowEntropy) {
  const auto attention = test::hand_attention({"a", "b", "c"}, 1, 1,
                                              {1, 0, 0,  //
                                               0, 1, 0,  //
                                               third, third, third});
  const auto scores = seed_explorer(attention);
  EXPECT_NEAR(scores.at("diagonal", 0, 0), 2 + 1.0 / 3, kTol);
  EXPECT_NEAR(scores.at("first_column", 0, 0), 1 + 1.0 / 3, kTol);
  EXPECT_NEAR(scores.at("last_row_entropy", 0, 0), std::log(3.0), kTol);
}

TEST(SeedExplorer, ACausalModelsFirstRowIsLeftOut) {
  // Row 0 of a causal head is 1 on the diagonal whatever the head does.
  auto attention = test::hand_attention({"a", "b", "c"}, 1, 1,
                                        {1, 0, 0,  //
                                         1, 0, 0,  //
                                         1, 0, 0});
  EXPECT_NEAR(seed_explorer(attention).at("diagonal", 0, 0), 1, kTol);
  attention.architecture = Architecture::Gpt2;
  const auto scores = seed_explorer(attention);
  EXPECT_NEAR(scores.at("diagonal", 0, 0), 0, kTol);
  EXPECT_NEAR(scores.at("first_column", 0, 0), 2, kTol);
  EXPECT_EQ(seed_explorer_first_row(attention), 1);
}

TEST(SeedSummary, AveragesOverLayersAndHeads) {
  // 1 layer × 2 heads, n = 2: identity and all-on-first.
  const auto attention = test::hand_attention({"a", "b"}, 1, 2, {1, 0, 0, 1, 1, 0, 1, 0});
  const auto summary = seed_summary(attention);
  EXPECT_NEAR(summary.mean_weight[0], 0.5, kTol);
  EXPECT_NEAR(summary.mean_entropy[0], 0.0, kTol);
  EXPECT_EQ(summary.average, (std::vector<double>{1, 0, 0.5, 0.5}));
  EXPECT_EQ(summary.received, (std::vector<double>{1.5, 0.5}));
  EXPECT_EQ(summary.most_attended, 0);
}

}  // namespace
}  // namespace attnscope::analysis
