#include "core/parallel.hpp"

#include <cblas.h>
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

namespace attnscope {

namespace {

constexpr std::size_t kChunksPerThread = 4;

std::atomic<int> g_threads{0};
std::mutex g_team_mutex;  // one parallel_for at a time from outside the team

}  // namespace

void set_thread_count(int threads) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int wanted = threads <= 0 ? cores : threads;
  g_threads = wanted;
  // The OpenMP team is the only set of worker threads: oneDNN (built on OpenMP) runs its GEMMs
  // on it between our loops, so the two never compete for the cores. model/gemm.cpp applies the
  // count on threads other than this one.
  omp_set_num_threads(wanted);
  // OpenBLAS (left to the analyses' small products) stays single-threaded: its own idle threads
  // spin on sched_yield long after each call and would take the cores from the team.
  openblas_set_num_threads(1);
}

int thread_count() {
  if (g_threads == 0) set_thread_count(0);
  return g_threads;
}

void parallel_for(std::size_t n, const std::function<void(std::size_t, std::size_t)>& fn) {
  const std::size_t workers = std::min<std::size_t>(thread_count(), n);
  // Nested calls (from inside the team) run inline rather than start a team of their own.
  if (workers <= 1 || omp_in_parallel()) {
    if (n > 0) fn(0, n);
    return;
  }
  std::unique_lock lock(g_team_mutex, std::try_to_lock);
  if (!lock.owns_lock()) {  // another thread of the program is using the team
    fn(0, n);
    return;
  }
  // A few chunks per thread, handed out as threads free up: when another program takes a core
  // for a while, the other threads pick up its share instead of waiting for it at the end.
  const std::size_t chunks = std::min(n, workers * kChunksPerThread);
#pragma omp parallel for num_threads(workers) schedule(dynamic, 1)
  for (std::size_t c = 0; c < chunks; ++c) {
    const std::size_t begin = n * c / chunks, end = n * (c + 1) / chunks;
    if (begin < end) fn(begin, end);
  }
}

}  // namespace attnscope
