#include "core/parallel.hpp"

#include <cblas.h>

#include <algorithm>
#include <thread>
#include <vector>

namespace attnscope {

namespace {
int g_threads = 0;
}

void set_thread_count(int threads) {
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  g_threads = threads <= 0 ? cores : threads;
  openblas_set_num_threads(g_threads);
}

int thread_count() {
  if (g_threads == 0) set_thread_count(0);
  return g_threads;
}

void parallel_for(std::size_t n, const std::function<void(std::size_t, std::size_t)>& fn) {
  std::size_t workers = std::min<std::size_t>(thread_count(), n);
  if (workers <= 1) {
    if (n > 0) fn(0, n);
    return;
  }
  std::vector<std::thread> threads;
  std::size_t chunk = (n + workers - 1) / workers;
  for (std::size_t w = 1; w < workers; ++w) {
    std::size_t begin = w * chunk, end = std::min(n, begin + chunk);
    if (begin < end) threads.emplace_back(fn, begin, end);
  }
  fn(0, std::min(n, chunk));
  for (auto& t : threads) t.join();
}

}  // namespace attnscope
