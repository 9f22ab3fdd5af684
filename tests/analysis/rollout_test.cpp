#include "analysis/rollout.hpp"

#include <gtest/gtest.h>

#include "hand_attention.hpp"

namespace attnscope::analysis {
namespace {

constexpr double kTol = 1e-12;

void expect_matrix(const LayerMatrices& m, int layer, const std::vector<double>& expected) {
  for (int i = 0; i < m.n; ++i)
    for (int j = 0; j < m.n; ++j)
      EXPECT_NEAR(m.at(layer, i, j), expected[i * m.n + j], kTol)
          << "layer " << layer << " cell " << i << "," << j;
}

// Three layers, one head, two tokens:
//   A1 = [1 0; .5 .5]   A2 = [.5 .5; 0 1]   A3 = [0 1; 1 0]
// so Ã = .5·A + .5·I is
//   Ã1 = [1 0; .25 .75]  Ã2 = [.75 .25; 0 1]  Ã3 = [.5 .5; .5 .5]
Attention three_layers() {
  return test::hand_attention({"a", "b"}, 3, 1, {1, 0, 0.5f, 0.5f, 0.5f, 0.5f, 0, 1, 0, 1, 1, 0});
}

TEST(Rollout, ResidualMixesHalfIdentity) {
  const auto mixed = residual_attention(three_layers(), {});
  expect_matrix(mixed, 0, {1, 0, 0.25, 0.75});
  expect_matrix(mixed, 1, {0.75, 0.25, 0, 1});
  expect_matrix(mixed, 2, {0.5, 0.5, 0.5, 0.5});
}

TEST(Rollout, IsTheProductOfResidualLayers) {
  const auto rollout = attention_rollout(three_layers(), {});
  expect_matrix(rollout, 0, {1, 0, 0.25, 0.75});
  // Ã2·Ã1 = [.75 + .0625, .1875; .25, .75]
  expect_matrix(rollout, 1, {0.8125, 0.1875, 0.25, 0.75});
  // Ã3·(Ã2·Ã1): both rows the mean of the rows above.
  expect_matrix(rollout, 2, {0.53125, 0.46875, 0.53125, 0.46875});
}

// One layer, two heads: the identity and the swap.
Attention two_heads() { return test::hand_attention({"a", "b"}, 1, 2, {1, 0, 0, 1, 0, 1, 1, 0}); }

TEST(Rollout, HeadFusionMeanMaxMin) {
  expect_matrix(residual_attention(two_heads(), {HeadFusion::Mean}), 0, {0.75, 0.25, 0.25, 0.75});
  // max: Â = all ones, .5·Â + .5·I = [1 .5; .5 1], renormalised.
  expect_matrix(residual_attention(two_heads(), {HeadFusion::Max}), 0,
                {2.0 / 3, 1.0 / 3, 1.0 / 3, 2.0 / 3});
  // min: Â = 0, only the residual identity is left.
  expect_matrix(residual_attention(two_heads(), {HeadFusion::Min}), 0, {1, 0, 0, 1});
}

TEST(Rollout, NoResidualKeepsTheAttention) {
  expect_matrix(residual_attention(three_layers(), {HeadFusion::Mean, 0.0}), 2, {0, 1, 1, 0});
}

TEST(Rollout, SingleTokenIsOne) {
  const auto rollout = attention_rollout(test::hand_attention({"a"}, 2, 1, {1, 1}), {});
  expect_matrix(rollout, 1, {1});
}

}  // namespace
}  // namespace attnscope::analysis
