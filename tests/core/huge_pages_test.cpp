#include "core/huge_pages.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>

namespace attnscope {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

TEST(HugePages, ZeroVectorHasTheSizeAndOnlyZeros) {
  for (std::size_t n : {std::size_t{0}, std::size_t{7}, std::size_t{3} << 20}) {
    const auto v = huge_zero_vector(n);
    ASSERT_EQ(v.size(), n);
    EXPECT_TRUE(std::all_of(v.begin(), v.end(), [](float x) { return x == 0.0f; }));
  }
}

TEST(HugePages, LargeBuffersAreAlignedToAHugePageAndWritable) {
  const std::size_t n = 5 * kHugePage / sizeof(float) + 3;  // not a whole number of pages
  auto large = allocate_huge_floats(n);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(large.get()) % kHugePage, 0u);
  std::fill(large.get(), large.get() + n, 1.5f);
  EXPECT_EQ(large[n - 1], 1.5f);

  auto small = allocate_huge_floats(10);  // small pages: no 2 MiB of memory for 40 bytes
  std::fill(small.get(), small.get() + 10, 2.0f);
  EXPECT_EQ(small[9], 2.0f);
  EXPECT_NE(allocate_huge_floats(0), nullptr);
}

}  // namespace
}  // namespace attnscope
