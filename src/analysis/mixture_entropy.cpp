#include "analysis/mixture_entropy.hpp"

#include <bit>
#include <cstdint>

namespace attnscope::analysis {

namespace {

// Sixteen running sums, one per float of an AVX-512 register (two AVX2 ones): each lane keeps
// its own sum, so the loop vectorises without reassociating anything and needs no horizontal
// sum until the end. A lane's float sum takes kFlushChunks terms (each |m ln m| ≤ 1/e, so it
// keeps ~7 significant digits) before it moves into a double.
constexpr int kLanes = 16;
constexpr int kFlushChunks = 16;

// ln x for positive normal x: x = 2^e · m with m in [√½, √2), and ln m = f·P(f) with f = m − 1
// and P a degree-8 least-squares fit of ln(1 + f)/f on Chebyshev nodes of that interval (our own
// fit; its error, < 2e-8, is below float rounding). Only multiplies and adds, no division, and
// branch-free integer arithmetic on the bits, so the loop vectorises; ln 1 is exactly 0.
inline float log_positive(float x) {
  constexpr int32_t kSqrtHalfBits = 0x3f3504f3;  // bit pattern of √½
  constexpr float kLn2 = 0.693147180559945309f;
  const int32_t bits = std::bit_cast<int32_t>(x);
  const int32_t e = (bits - kSqrtHalfBits) >> 23;  // arithmetic shift: e may be negative
  const float f = std::bit_cast<float>(bits - (e << 23)) - 1.0f;
  const float p = 9.999999743e-01f +
                  f * (-4.999998703e-01f +
                       f * (3.333418334e-01f +
                            f * (-2.500215346e-01f +
                                 f * (1.995697748e-01f +
                                      f * (-1.656069599e-01f +
                                           f * (1.494909548e-01f + f * (-1.437733057e-01f +
                                                                        f * 8.743945359e-02f)))))));
  return f * p + static_cast<float>(e) * kLn2;
}

}  // namespace

double mixture_m_log_m(const float* a, const float* b, std::size_t count, float scale,
                       float offset) {
  auto term = [=](std::size_t k) {
    const float m = scale * (a[k] + b[k]) + offset;
    return m * log_positive(m);
  };
  double total[kLanes] = {};
  float partial[kLanes] = {};
  std::size_t k = 0;
  for (int chunks = 1; k + kLanes <= count; k += kLanes, ++chunks) {
#pragma omp simd
    for (int lane = 0; lane < kLanes; ++lane) partial[lane] += term(k + lane);
    if (chunks % kFlushChunks == 0 || k + 2 * kLanes > count) {
#pragma omp simd
      for (int lane = 0; lane < kLanes; ++lane) {
        total[lane] += partial[lane];
        partial[lane] = 0;
      }
    }
  }
  double sum = 0;
  for (double lane_total : total) sum += lane_total;
  for (; k < count; ++k) sum += term(k);
  return sum;
}

}  // namespace attnscope::analysis
