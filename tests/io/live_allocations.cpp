#include "live_allocations.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<std::int64_t> live{0};
}

// The other forms (arrays, nothrow) are defined by the library in terms of these.
void* operator new(std::size_t size) {
  void* block = std::malloc(size ? size : 1);
  if (!block) throw std::bad_alloc();
  live.fetch_add(1, std::memory_order_relaxed);
  return block;
}

void operator delete(void* block) noexcept {
  if (!block) return;
  live.fetch_sub(1, std::memory_order_relaxed);
  std::free(block);
}

void operator delete(void* block, std::size_t) noexcept { operator delete(block); }

namespace attnscope::test {

std::int64_t live_allocations() { return live.load(); }

}  // namespace attnscope::test
