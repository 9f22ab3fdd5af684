// The explorer's connection threads: one thread serves one connection at a time, light use
// keeps to one thread, and jobs beyond the bound wait for a thread instead of being lost.
#include "web/connection_threads.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <set>

namespace attnscope::web {
namespace {

TEST(ConnectionThreads, OneJobAtATimeKeepsToOneThread) {
  ConnectionThreads pool(64);
  std::set<std::thread::id> ran_on;
  for (int i = 0; i < 20; ++i) {
    std::promise<std::thread::id> done;
    pool.enqueue([&] { done.set_value(std::this_thread::get_id()); });
    ran_on.insert(done.get_future().get());
    // The job has handed over its result; its thread goes idle just after.
    while (pool.idle_threads() == 0) std::this_thread::yield();
  }
  pool.shutdown();
  EXPECT_EQ(pool.threads(), 1u);
  EXPECT_EQ(ran_on.size(), 1u);
}

TEST(ConnectionThreads, BusyThreadsAddThreadsUpToTheBound) {
  ConnectionThreads pool(4);
  std::promise<void> release;
  const std::shared_future<void> released = release.get_future().share();
  std::atomic<int> finished = 0;
  for (int i = 0; i < 10; ++i) {
    pool.enqueue([&, released] {
      released.wait();
      ++finished;
    });
  }
  EXPECT_EQ(pool.threads(), 4u);
  release.set_value();
  pool.shutdown();
  EXPECT_EQ(finished, 10);
}

}  // namespace
}  // namespace attnscope::web
