#pragma once
// exp written without branches or library calls so that loops over it vectorise. Accuracy
// matches what PyTorch's vectorised CPU kernels use.
#include <bit>
#include <cstdint>

// The hot loops of the element-wise and row-wise ops are compiled three times, for AVX-512, AVX2
// and baseline x86-64, and the dynamic loader picks the best the CPU has, so one binary is both
// portable and fast. With -ffp-contract=off and the fixed lane order below, all three compute
// bit-identical results. A -march=native build (ATTNSCOPE_NATIVE) needs no clones.
// GCC 12's straight-line (SLP) vectorizer miscompiles constant vectors whose low half repeats one
// value for AVX-512 ({.5, .5, 0, 0} becomes all .5); the clones do without it (the loop
// vectorizer, which they rely on, is unaffected). tests/model/vector_clones_test.cpp checks.
// The ThreadSanitizer build has none (ATTNSCOPE_NO_VECTOR_CLONES): TSan instruments the ifunc
// resolvers the clones need, and the dynamic loader runs those before TSan's runtime exists.
#if defined(ATTNSCOPE_NO_VECTOR_CLONES)
#define ATTNSCOPE_VECTOR_CLONES
#elif defined(__x86_64__) && !defined(ATTNSCOPE_NATIVE) && defined(__clang__)
#define ATTNSCOPE_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#elif defined(__x86_64__) && !defined(ATTNSCOPE_NATIVE) && defined(__GNUC__)
#define ATTNSCOPE_VECTOR_CLONES \
  __attribute__((target_clones("avx512f", "avx2", "default"), optimize("no-tree-slp-vectorize")))
#else
#define ATTNSCOPE_VECTOR_CLONES
#endif

namespace attnscope::vmath {

// Cephes-style expf: 2^n · p(r) with r = x - n·ln2, about 1 ulp; 0 below -87.3.
[[gnu::always_inline]] inline float exp(float x) {
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

// Σ term(i) for i in [0, n), in independent lanes: a single running sum is a chain of dependent
// adds that the compiler may not reorder (no -ffast-math), so it neither vectorises nor pipelines.
// Always inlined, so that it runs in the instruction set of the clone that calls it.
template <typename Acc, typename Term>
[[gnu::always_inline]] inline Acc lane_sum(int n, Term term) {
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
[[gnu::always_inline]] inline float lane_max(const float* x, int n) {
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
