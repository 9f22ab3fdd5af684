#include "web/thumbnails.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "hand_attention.hpp"

namespace attnscope::web {
namespace {

// An attention of n tokens whose every weight differs: (layer, head, query, key) -> value.
Attention numbered_attention(int n) {
  Attention attention;
  attention.layers = 2;
  attention.heads = 2;
  attention.tokens.resize(n);
  for (int l = 0; l < 2; ++l)
    for (int h = 0; h < 2; ++h)
      for (int q = 0; q < n; ++q)
        for (int k = 0; k < n; ++k)
          attention.probs.push_back(static_cast<float>(((l * 2 + h) * 7 + q * 13 + k * 31) % 1009));
  return attention;
}

TEST(Thumbnails, ShortTextsKeepOneCellPerToken) {
  const Attention attention = test::hand_attention();
  EXPECT_EQ(thumbnail_side(attention.n()), 6);
  EXPECT_EQ(thumbnails(attention), attention.probs);
}

TEST(Thumbnails, LongTextsKeepTheLargestWeightOfEachBlock) {
  const int n = 250;  // not a multiple of the 96 cells: blocks of 2 and 3 tokens
  const Attention attention = numbered_attention(n);
  const int side = thumbnail_side(n);
  ASSERT_EQ(side, kThumbnailCells);
  const auto pictures = thumbnails(attention);
  ASSERT_EQ(pictures.size(), 4u * side * side);
  // Cell r covers the tokens t with t * side / n == r: from ceil(r * n / side) up to the next.
  const auto first_token = [&](int cell) { return (cell * n + side - 1) / side; };
  for (int picture = 0; picture < 4; ++picture) {
    for (int r = 0; r < side; ++r) {
      for (int c = 0; c < side; ++c) {
        float largest = -1;
        for (int q = first_token(r); q < first_token(r + 1); ++q) {
          for (int k = first_token(c); k < first_token(c + 1); ++k) {
            largest = std::max(largest, attention.probs[(picture * n + q) * n + k]);
          }
        }
        ASSERT_EQ(pictures[(picture * side + r) * side + c], largest)
            << picture << " " << r << " " << c;
      }
    }
  }
}

}  // namespace
}  // namespace attnscope::web
