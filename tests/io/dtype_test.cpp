#include "io/dtype.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>

namespace attnscope::io {
namespace {

TEST(FloatToHalf, EveryHalfSurvivesTheRoundTrip) {
  for (uint32_t bits = 0; bits < 0x10000; ++bits) {
    const float value = half_to_float(static_cast<unsigned short>(bits));
    if (std::isnan(value)) {
      EXPECT_TRUE(std::isnan(half_to_float(float_to_half(value)))) << bits;
    } else {
      EXPECT_EQ(float_to_half(value), bits) << bits;
    }
  }
}

// The values numpy's astype(float16) gives.
TEST(FloatToHalf, RoundsToNearestEvenLikeNumpy) {
  EXPECT_EQ(float_to_half(0.1f), 0x2e66);
  EXPECT_EQ(float_to_half(1.0f / 3), 0x3555);
  EXPECT_EQ(float_to_half(-2.0f), 0xc000);
  EXPECT_EQ(float_to_half(65519.0f), 0x7bff);
  EXPECT_EQ(float_to_half(65520.0f), 0x7c00);  // halfway to the next exponent: infinity
  EXPECT_EQ(float_to_half(1e10f), 0x7c00);
  // 1 + 2^-11 lies halfway between 1 and its successor: the even one (1) wins; 1 + 3·2^-11
  // rounds up to the even 1 + 2^-9.
  EXPECT_EQ(float_to_half(1.0f + 0x1p-11f), 0x3c00);
  EXPECT_EQ(float_to_half(1.0f + 0x3p-11f), 0x3c02);
  EXPECT_EQ(float_to_half(0x1p-24f), 0x0001);       // the smallest subnormal
  EXPECT_EQ(float_to_half(0x1p-25f), 0x0000);       // half of it: to the even zero
  EXPECT_EQ(float_to_half(0x1.0002p-25f), 0x0001);  // just above half of it
  EXPECT_EQ(float_to_half(0x1.ffcp-15f), 0x0400);   // the largest subnormal, rounded up
  EXPECT_EQ(float_to_half(std::bit_cast<float>(0x80000001u)), 0x8000);
  EXPECT_EQ(float_to_half(INFINITY), 0x7c00);
  EXPECT_TRUE(std::isnan(half_to_float(float_to_half(NAN))));
}

}  // namespace
}  // namespace attnscope::io
