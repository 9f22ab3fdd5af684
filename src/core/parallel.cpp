#include "core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace attnscope {

namespace {

// Workers live as long as the process and sleep between jobs: a forward pass calls
// parallel_for hundreds of times, and starting threads each time would cost more than the work.
class ThreadPool {
 public:
  explicit ThreadPool(int workers) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
  }
  ~ThreadPool() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) t.join();
  }
  int size() const { return static_cast<int>(threads_.size()) + 1; }

  // Runs fn on `chunks` chunks of [0, n); the caller works too and returns when all are done.
  // Every worker checks in once per job, so none can still hold a finished job's function.
  void run(std::size_t n, std::size_t chunks,
           const std::function<void(std::size_t, std::size_t)>& fn) {
    std::unique_lock lock(mutex_);
    job_ = &fn;
    n_ = n;
    chunks_ = chunks;
    next_.store(0);
    busy_ = threads_.size();
    ++generation_;
    lock.unlock();
    wake_.notify_all();
    run_chunks();
    lock.lock();
    done_.wait(lock, [this] { return busy_ == 0; });
  }

 private:
  void run_chunks() {
    for (std::size_t c; (c = next_.fetch_add(1)) < chunks_;) {
      std::size_t begin = n_ * c / chunks_, end = n_ * (c + 1) / chunks_;
      if (begin < end) (*job_)(begin, end);
    }
  }

  void work() {
    in_worker = true;
    std::size_t seen = 0;
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
        if (stopping_) return;
        seen = generation_;
      }
      run_chunks();
      std::lock_guard lock(mutex_);
      if (--busy_ == 0) done_.notify_all();
    }
  }

 public:
  static thread_local bool in_worker;

 private:
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(std::size_t, std::size_t)>* job_ = nullptr;
  std::size_t n_ = 0, chunks_ = 0, busy_ = 0, generation_ = 0;
  std::atomic<std::size_t> next_{0};
  bool stopping_ = false;
};

thread_local bool ThreadPool::in_worker = false;

constexpr std::size_t kChunksPerThread = 4;

int g_threads = 0;
std::unique_ptr<ThreadPool> g_pool;
std::mutex g_pool_mutex;  // one parallel_for at a time from outside the pool

}  // namespace

void set_thread_count(int threads) {
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int wanted = threads <= 0 ? cores : threads;
  std::lock_guard lock(g_pool_mutex);
  if (wanted != g_threads) {
    g_pool.reset();
    g_threads = wanted;
  }
}

int thread_count() {
  if (g_threads == 0) set_thread_count(0);
  return g_threads;
}

void parallel_for(std::size_t n, const std::function<void(std::size_t, std::size_t)>& fn) {
  std::size_t workers = std::min<std::size_t>(thread_count(), n);
  // Nested calls (from inside a worker) run inline rather than wait on the pool they occupy.
  if (workers <= 1 || ThreadPool::in_worker) {
    if (n > 0) fn(0, n);
    return;
  }
  std::unique_lock lock(g_pool_mutex, std::try_to_lock);
  if (!lock.owns_lock()) {  // another thread of the program is using the pool
    fn(0, n);
    return;
  }
  if (!g_pool) g_pool = std::make_unique<ThreadPool>(g_threads - 1);
  ThreadPool::in_worker = true;  // the caller works as one of the pool's threads
  // A few chunks per thread rather than one: when another program takes a core for a while,
  // the other threads pick up its share instead of waiting for it at the end.
  g_pool->run(n, std::min(n, workers * kChunksPerThread), fn);
  ThreadPool::in_worker = false;
}

bool inside_parallel_for() { return ThreadPool::in_worker; }

}  // namespace attnscope
