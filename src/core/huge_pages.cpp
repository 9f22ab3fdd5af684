#include "core/huge_pages.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace attnscope {

namespace {
constexpr std::size_t kHugePage = std::size_t{2} << 20;
}

void advise_huge_pages(void* data, std::size_t bytes) {
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (begin + kHugePage - 1) / kHugePage * kHugePage;
  const std::uintptr_t last = (begin + bytes) / kHugePage * kHugePage;
  // Advice only: where it is refused the memory simply stays on small pages.
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

void FreeDeleter::operator()(float* p) const { std::free(p); }

std::unique_ptr<float[], FreeDeleter> allocate_huge_floats(std::size_t n) {
  const std::size_t bytes = std::max<std::size_t>(n, 1) * sizeof(float);
  // Small buffers keep small pages: a huge one would be zeroed in full on first touch.
  const bool huge = bytes >= 2 * kHugePage;
  void* data = huge ? std::aligned_alloc(kHugePage, (bytes + kHugePage - 1) / kHugePage * kHugePage)
                    : std::malloc(bytes);
  if (!data) throw std::bad_alloc();
  if (huge) advise_huge_pages(data, bytes);
  return std::unique_ptr<float[], FreeDeleter>(static_cast<float*>(data));
}

std::vector<float> huge_zero_vector(std::size_t n) {
  std::vector<float> v;
  v.reserve(n);
  advise_huge_pages(v.data(), n * sizeof(float));
  v.resize(n);
  return v;
}

}  // namespace attnscope
