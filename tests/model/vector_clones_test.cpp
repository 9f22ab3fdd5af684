// The build's vector code against GCC 12's AVX-512 SLP miscompile: a constant vector whose low
// half repeats one value ({.5, .5, 0, 0}) came out as a broadcast of that value (all .5) in
// functions compiled for AVX-512, whether by -march=native or by a target clone.
#include <gtest/gtest.h>

#include <vector>

#include "model/vector_math.hpp"

namespace attnscope {
namespace {

// noinline keeps the constants inside a function of its own, as in the reported miscompile.
[[gnu::noinline]] std::vector<double> plain_weights() { return {.5, .5, 0, 0}; }

[[gnu::noinline]] ATTNSCOPE_VECTOR_CLONES std::vector<double> cloned_weights() {
  return {.5, .5, 0, 0};
}

[[gnu::noinline]] ATTNSCOPE_VECTOR_CLONES void cloned_fill(float* out) {
  const float halves[8] = {.5f, .5f, .5f, .5f, 0, 0, 0, 0};
  for (int i = 0; i < 8; ++i) out[i] = halves[i];
}

TEST(VectorClones, ConstantVectorsOfTheDefaultFlagsKeepTheirZeros) {
  EXPECT_EQ(plain_weights(), (std::vector<double>{.5, .5, 0, 0}));
}

TEST(VectorClones, ConstantVectorsOfTheClonedLoopsKeepTheirZeros) {
  // The dynamic loader picks the AVX-512 clone on this machine when the CPU has it.
  EXPECT_EQ(cloned_weights(), (std::vector<double>{.5, .5, 0, 0}));
  float out[8];
  cloned_fill(out);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(out[i], i < 4 ? .5f : 0.0f) << "element " << i;
}

}  // namespace
}  // namespace attnscope
