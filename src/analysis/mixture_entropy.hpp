#pragma once
// The inner loop of the head distance: Σ m ln m over a mixture m = scale·(a + b) + offset of two
// attention maps, for 10^4 head pairs per document. It runs vectorised with its own logarithm
// (glibc's scalar logf does not vectorise) and sums in float lanes for a few terms, then in
// double, so its result is within ~1e-6 relative of the exact sum.
#include <cstddef>

namespace attnscope::analysis {

// Σ_k m_k ln m_k, m_k = scale·(a_k + b_k) + offset; every m_k must be a positive normal float.
// Passing a == b gives the same rounding as the pair sums, so a head's distance to itself is
// exactly zero.
double mixture_m_log_m(const float* a, const float* b, std::size_t count, float scale,
                       float offset);

}  // namespace attnscope::analysis
