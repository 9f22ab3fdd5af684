#include "core/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <utility>
#include <vector>

namespace attnscope {
namespace {

// Every index of [0, n) is visited exactly once, whatever the chunking.
std::vector<int> visits(std::size_t n) {
  std::vector<std::atomic<int>> count(n);
  parallel_for(n, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) count[i].fetch_add(1);
  });
  std::vector<int> out;
  for (auto& c : count) out.push_back(c.load());
  return out;
}

class Parallel : public ::testing::Test {
 protected:
  void SetUp() override { set_thread_count(4); }
  void TearDown() override { set_thread_count(0); }
};

TEST_F(Parallel, VisitsEveryIndexOnce) {
  for (std::size_t n : {0u, 1u, 3u, 4u, 5u, 16u, 17u, 1000u}) {
    SCOPED_TRACE(n);
    EXPECT_EQ(visits(n), std::vector<int>(n, 1));
  }
}

using Chunks = std::set<std::pair<std::size_t, std::size_t>>;

Chunks chunks_of(std::size_t n) {
  std::mutex mutex;
  Chunks chunks;
  parallel_for(n, [&](std::size_t begin, std::size_t end) {
    std::lock_guard lock(mutex);
    chunks.insert({begin, end});
  });
  return chunks;
}

TEST_F(Parallel, UsesSeveralChunksPerThreadForLongRanges) {
  EXPECT_EQ(chunks_of(1000).size(), 16u);  // 4 per thread, so a slow thread's share can move
}

TEST_F(Parallel, GivesEachIndexItsOwnChunkUpToTheThreadCount) {
  EXPECT_EQ(chunks_of(4), (Chunks{{0, 1}, {1, 2}, {2, 3}, {3, 4}}));
}

TEST_F(Parallel, NestedAndConcurrentCallsStillCoverTheirRanges) {
  std::atomic<int> inner{0};
  parallel_for(8, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
      parallel_for(10, [&](std::size_t b, std::size_t e) { inner.fetch_add(int(e - b)); });
  });
  EXPECT_EQ(inner.load(), 80);

  std::vector<int> a, b;
  std::thread other([&] { a = visits(500); });
  b = visits(500);
  other.join();
  EXPECT_EQ(a, std::vector<int>(500, 1));
  EXPECT_EQ(b, std::vector<int>(500, 1));
}

}  // namespace
}  // namespace attnscope
