#include "analysis/mixture_entropy.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>

namespace attnscope::analysis {

namespace {

// Partial sums stay in float for this many terms (each |m ln m| ≤ 1/e, so a block's sum keeps
// ~7 significant digits), then go into a double.
constexpr std::size_t kBlock = 256;

// ln x for positive normal x: x = 2^e · m with m in [√½, √2), ln m = 2 atanh(s) with
// s = (m − 1)/(m + 1), |s| ≤ 0.172, from the atanh series up to s⁹ (the s¹¹ term is < 1e-9).
// Branch-free integer arithmetic on the bits so the loop vectorises.
inline float log_positive(float x) {
  constexpr int32_t kSqrtHalfBits = 0x3f3504f3;  // bit pattern of √½
  constexpr float kLn2 = 0.693147180559945309f;
  const int32_t bits = std::bit_cast<int32_t>(x);
  const int32_t e = (bits - kSqrtHalfBits) >> 23;  // arithmetic shift: e may be negative
  const float m = std::bit_cast<float>(bits - (e << 23));
  const float s = (m - 1.0f) / (m + 1.0f);
  const float s2 = s * s;
  const float series = 2.0f + s2 * (2.0f / 3 + s2 * (2.0f / 5 + s2 * (2.0f / 7 + s2 * (2.0f / 9))));
  return s * series + static_cast<float>(e) * kLn2;
}

}  // namespace

double mixture_m_log_m(const float* a, const float* b, std::size_t count, float scale,
                       float offset) {
  double total = 0;
  for (std::size_t start = 0; start < count; start += kBlock) {
    const std::size_t end = std::min(count, start + kBlock);
    float block = 0;
#pragma omp simd reduction(+ : block)
    for (std::size_t k = start; k < end; ++k) {
      const float m = scale * (a[k] + b[k]) + offset;
      block += m * log_positive(m);
    }
    total += block;
  }
  return total;
}

}  // namespace attnscope::analysis
