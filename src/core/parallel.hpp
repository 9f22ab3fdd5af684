#pragma once
// One process-wide thread count (--threads) shared by our own loops and the GEMM backend.
#include <cstddef>
#include <functional>

namespace attnscope {

// 0 means all cores. Our loops and oneDNN's GEMMs run on the same OpenMP team, one after the
// other, so the process never has more than this many threads computing.
void set_thread_count(int threads);
int thread_count();

// Calls fn(begin, end) on disjoint chunks of [0, n) across the OpenMP team and waits for all;
// there are a few chunks per thread, except that n ≤ thread_count() gives each index a chunk of
// its own. fn must not throw. Calls from inside fn, or while another thread of the program is
// running one, run inline.
void parallel_for(std::size_t n, const std::function<void(std::size_t, std::size_t)>& fn);

}  // namespace attnscope
