#pragma once
// One process-wide thread count (--threads) shared by our own loops and the GEMMs.
#include <cstddef>
#include <functional>

namespace attnscope {

// 0 means all cores. The pool's threads are the only ones that compute: BLAS libraries run
// single-threaded inside them (model/gemm.cpp splits its products across parallel_for; OpenBLAS
// runs only inside a SingleThreadedBlas scope).
void set_thread_count(int threads);
int thread_count();

// Calls fn(begin, end) on disjoint chunks of [0, n) across a persistent pool of worker threads
// and waits for all; there are a few chunks per thread, except that n ≤ thread_count() gives
// each index a chunk of its own. fn must not throw. Calls from inside fn run inline.
void parallel_for(std::size_t n, const std::function<void(std::size_t, std::size_t)>& fn);

// True inside fn of a parallel_for (where a nested parallel_for would run inline).
bool inside_parallel_for();

}  // namespace attnscope
