#include "analysis/corpus_state.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace attnscope::analysis {

TEST(CorpusState, AddsArraysOfTheSameNameElementwise) {
  CorpusState state;
  state.add("sums", {2, 2}, {1, 2, 3, 4});
  state.add("sums", {2, 2}, {0.5, 0, 0, 1});
  state.add("count", {1}, {3});
  ASSERT_EQ(state.arrays().size(), 2u);
  EXPECT_EQ(state.get("sums").values, (std::vector<double>{1.5, 2, 3, 5}));
  EXPECT_EQ(state.get("count").values, (std::vector<double>{3}));
}

TEST(CorpusState, MergeEqualsAddingEveryPart) {
  CorpusState a, b;
  a.add("x", {3}, {1, 2, 3});
  b.add("x", {3}, {10, 20, 30});
  b.add("y", {1}, {7});
  a.merge(b);
  EXPECT_EQ(a.get("x").values, (std::vector<double>{11, 22, 33}));
  EXPECT_EQ(a.get("y").values, (std::vector<double>{7}));
}

TEST(CorpusState, RefusesShapesThatDisagree) {
  CorpusState a;
  a.add("x", {2, 3}, std::vector<double>(6, 1.0));
  EXPECT_THROW(a.add("x", {3, 2}, std::vector<double>(6, 1.0)), Error);
  EXPECT_THROW(a.add("z", {2}, {1.0}), Error);
  EXPECT_THROW(a.get("missing"), Error);
}

}  // namespace attnscope::analysis
