#pragma once
// exp, erf and tanh written without branches or library calls so that loops over them
// vectorise (-O3 -march=native). Accuracy matches what PyTorch's vectorised CPU kernels use.
#include <bit>
#include <cstdint>

namespace attnscope::vmath {

// Cephes-style expf: 2^n · p(r) with r = x - n·ln2, about 1 ulp; 0 below -87.3.
inline float exp(float x) {
  x = x < -87.33654f ? -87.33654f : (x > 88.37626f ? 88.37626f : x);
  // Round to nearest by the 1.5·2²³ trick (vectorises, unlike roundevenf).
  float n = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
  float r = x - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  int32_t bits = (static_cast<int32_t>(n) + 127) << 23;
  return p * std::bit_cast<float>(bits);
}

// Abramowitz & Stegun 7.1.26, the formula of ATen's vectorised erf (|error| < 1.5e-7).
inline float erf(float x) {
  float a = x < 0 ? -x : x;
  float t = 1.0f / (1.0f + 0.3275911f * a);
  float poly = 1.061405429f;
  poly = poly * t - 1.453152027f;
  poly = poly * t + 1.421413741f;
  poly = poly * t - 0.284496736f;
  poly = poly * t + 0.254829592f;
  float y = 1.0f - poly * t * exp(-a * a);
  return x < 0 ? -y : y;
}

// tanh(x) = 1 - 2 / (exp(2x) + 1); absolute error about 1e-7, which is what GELU needs.
inline float tanh(float x) { return 1.0f - 2.0f / (exp(2.0f * x) + 1.0f); }

// Σ term(i) for i in [0, n), in independent lanes: a single running sum is a chain of dependent
// adds that the compiler may not reorder (no -ffast-math), so it neither vectorises nor pipelines.
template <typename Acc, typename Term>
Acc lane_sum(int n, Term term) {
  constexpr int kLanes = 16;
  Acc lanes[kLanes] = {};
  int i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; ++j) lanes[j] += term(i + j);
  Acc total = 0;
  for (; i < n; ++i) total += term(i);
  for (int j = 0; j < kLanes; ++j) total += lanes[j];
  return total;
}

// max of x[0, n), n ≥ 1, in independent lanes like lane_sum.
inline float lane_max(const float* x, int n) {
  constexpr int kLanes = 16;
  float lanes[kLanes];
  for (int j = 0; j < kLanes; ++j) lanes[j] = x[0];
  int i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; ++j) lanes[j] = lanes[j] < x[i + j] ? x[i + j] : lanes[j];
  float best = x[0];
  for (; i < n; ++i) best = best < x[i] ? x[i] : best;
  for (int j = 0; j < kLanes; ++j) best = best < lanes[j] ? lanes[j] : best;
  return best;
}

}  // namespace attnscope::vmath
