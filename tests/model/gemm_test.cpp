#include "model/gemm.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <thread>
#include <vector>

#include "core/parallel.hpp"

namespace attnscope {
namespace {

std::vector<float> random_values(std::size_t n, unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  std::vector<float> out(n);
  for (float& x : out) x = value(random);
  return out;
}

// The product as the call describes it, in double, one element at a time.
std::vector<double> reference(const GemmCall& c, const std::vector<float>& c_before) {
  std::vector<double> out(static_cast<std::size_t>(c.m) * c.ldc);
  for (int i = 0; i < c.m; ++i)
    for (int j = 0; j < c.n; ++j) {
      double sum = 0;
      for (int l = 0; l < c.k; ++l)
        sum +=
            double{c.a[i * c.lda + l]} * (c.b_transposed ? c.b[j * c.ldb + l] : c.b[l * c.ldb + j]);
      double y = c.alpha * sum + (c.bias ? c.bias[j] : 0.0);
      if (c.accumulate) y += c_before[i * c.ldc + j];
      if (c.activation == Activation::gelu_erf) y = 0.5 * y * (1 + std::erf(y / std::sqrt(2.0)));
      if (c.activation == Activation::gelu_tanh)
        y = 0.5 * y * (1 + std::tanh(std::sqrt(2 / M_PI) * (y + 0.044715 * y * y * y)));
      out[i * c.ldc + j] = y;
    }
  return out;
}

struct Case {
  int m, n, k;
  bool b_transposed;
  float alpha;
  bool bias, accumulate;
  Activation activation;
  bool bf16 = false;  // b given as bfloat16 too: a and b are rounded, the sums stay fp32
};

float from_bf16(std::uint16_t bits) { return std::bit_cast<float>(uint32_t{bits} << 16); }

// The values a bf16 product reads: each rounded to bfloat16.
std::vector<float> rounded(const std::vector<float>& values) {
  std::vector<float> out;
  for (std::uint16_t bits : to_bf16(values.data(), values.size())) out.push_back(from_bf16(bits));
  return out;
}

// Runs one call with padded leading dimensions and checks every element, and that the padding
// columns of c are left alone.
void check(const Case& t, unsigned seed) {
  const int lda = t.k + 3, ldb = (t.b_transposed ? t.k : t.n) + 5, ldc = t.n + 2;
  auto a = random_values(static_cast<std::size_t>(t.m) * lda, seed);
  auto b = random_values(static_cast<std::size_t>(t.b_transposed ? t.n : t.k) * ldb, seed + 1);
  auto bias = random_values(t.n, seed + 2);
  auto c = random_values(static_cast<std::size_t>(t.m) * ldc, seed + 3);
  const std::vector<float> before = c;
  GemmCall call{.m = t.m,
                .n = t.n,
                .k = t.k,
                .a = a.data(),
                .lda = lda,
                .b = b.data(),
                .ldb = ldb,
                .b_transposed = t.b_transposed,
                .c = c.data(),
                .ldc = ldc,
                .alpha = t.alpha,
                .bias = t.bias ? bias.data() : nullptr,
                .accumulate = t.accumulate,
                .activation = t.activation};
  const std::vector<std::uint16_t> b_bf16 = to_bf16(b.data(), b.size());
  const std::vector<float> a_rounded = rounded(a), b_rounded = rounded(b);
  GemmCall exact = call;
  if (t.bf16) {
    call.b_bf16 = b_bf16.data();
    exact.a = a_rounded.data();
    exact.b = b_rounded.data();
  }
  const auto want = reference(exact, before);
  gemm(call);
  for (int i = 0; i < t.m; ++i) {
    for (int j = 0; j < t.n; ++j)
      ASSERT_NEAR(c[i * ldc + j], want[i * ldc + j], 2e-5 * t.k) << "at " << i << "," << j;
    for (int j = t.n; j < ldc; ++j) ASSERT_EQ(c[i * ldc + j], before[i * ldc + j]);
  }
}

TEST(Gemm, PlainAndTransposedWeights) {
  check({37, 29, 64, false, 1.0f, false, false, Activation::none}, 1);
  check({37, 29, 64, true, 1.0f, false, false, Activation::none}, 2);
}

TEST(Gemm, ScaleBiasResidualAndActivationsAreFused) {
  check({16, 40, 24, true, 0.125f, false, false, Activation::none}, 3);
  check({16, 40, 24, true, 1.0f, true, false, Activation::none}, 4);
  check({16, 40, 24, false, 1.0f, true, true, Activation::none}, 5);
  check({16, 40, 24, true, 1.0f, true, false, Activation::gelu_erf}, 6);
  check({16, 40, 24, false, 1.0f, true, false, Activation::gelu_tanh}, 7);
}

TEST(Gemm, ProductsSplitAcrossThreadsByRowsOrColumnsAreWhole) {
  const int before = thread_count();
  set_thread_count(3);  // uneven shares: blocks of 86/85/85 rows, 2/2/1 column blocks of 64
  check({256, 100, 32, true, 1.0f, true, true, Activation::gelu_erf}, 10);  // rows
  check({20, 300, 16, false, 1.0f, true, true, Activation::none}, 11);      // columns
  check({20, 300, 16, true, 0.5f, false, false, Activation::none}, 12);
  set_thread_count(before);
}

TEST(Gemm, ACachedShapeBindsNewBuffersOnEveryCall) {
  // Same shape, different data: a kernel that kept the first call's pointers would fail here.
  check({8, 8, 8, true, 1.0f, true, false, Activation::none}, 8);
  check({8, 8, 8, true, 1.0f, true, false, Activation::none}, 9);
}

TEST(Gemm, ConcurrentCallsFromThePoolAndFromOtherThreadsAreCorrect) {
  parallel_for(8, [](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
      check({20, 12, 16, i % 2 == 0, 1.0f, true, false, Activation::none}, 100 + unsigned(i));
  });
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < 4; ++i)
    threads.emplace_back([i] {
      check({50, 30, 40, true, 1.0f, true, true, Activation::none}, 200 + i);
    });
  for (auto& t : threads) t.join();
}

TEST(Gemm, ToBf16RoundsToTheNearestTiesToEven) {
  const float halfway_down = 1.0f + 0x1p-8f;    // between 1 (even) and 1 + 2^-7
  const float halfway_up = 1.0f + 3 * 0x1p-8f;  // between 1 + 2^-7 and 1 + 2^-6 (even)
  const float above_halfway = 1.0f + 0x1p-8f + 0x1p-20f;
  const std::vector<float> values{1.0f, halfway_down, halfway_up, above_halfway, -1.5f, 0.0f};
  EXPECT_EQ(to_bf16(values.data(), values.size()),
            (std::vector<std::uint16_t>{0x3f80, 0x3f80, 0x3f82, 0x3f81, 0xbfc0, 0x0000}));
}

TEST(Gemm, Bf16ProductsRoundTheirInputsAndSumInFp32) {
  check({37, 29, 64, false, 1.0f, false, false, Activation::none, true}, 20);
  check({37, 29, 64, true, 1.0f, true, true, Activation::gelu_erf, true}, 21);
  check({16, 40, 24, false, 1.0f, true, false, Activation::gelu_tanh, true}, 22);
  const int before = thread_count();
  set_thread_count(3);
  check({256, 100, 32, true, 1.0f, true, true, Activation::none, true}, 23);   // rows
  check({20, 300, 16, false, 1.0f, true, false, Activation::none, true}, 24);  // columns
  set_thread_count(before);
}

TEST(Gemm, Bf16ProductsDifferFromFp32ByTheRounding) {
  // Without the rounding the bf16 path would be fp32 in disguise: the same product in both
  // modes must differ by about bfloat16's 2^-9 relative step, summed over k.
  const int m = 8, n = 8, k = 256;
  auto a = random_values(m * k, 30), b = random_values(n * k, 31);
  const auto b_bf16 = to_bf16(b.data(), b.size());
  std::vector<float> fp32(m * n), bf16(m * n);
  GemmCall call{.m = m,
                .n = n,
                .k = k,
                .a = a.data(),
                .lda = k,
                .b = b.data(),
                .ldb = k,
                .b_transposed = true,
                .c = fp32.data(),
                .ldc = n};
  gemm(call);
  call.b_bf16 = b_bf16.data();
  call.c = bf16.data();
  gemm(call);
  double worst = 0;
  for (int i = 0; i < m * n; ++i) worst = std::max(worst, double(std::fabs(fp32[i] - bf16[i])));
  EXPECT_GT(worst, 1e-3);
  EXPECT_LT(worst, 0.1);
}

TEST(Gemm, ReportsTheBackendAndTheInstructionSetItDispatched) {
  EXPECT_EQ(gemm_backend().rfind("oneDNN ", 0), 0u) << gemm_backend();
  EXPECT_NE(gemm_isa(), "other");
}

}  // namespace
}  // namespace attnscope
