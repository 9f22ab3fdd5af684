#pragma once
// Large activation and attention buffers, backed by 2 MiB pages where the kernel allows it.
//
// A forward pass at batch 16 touches hundreds of MB of fresh memory; with 4 KiB pages each one
// costs a page fault, and in a virtual machine those faults alone took ~15% of the pass and
// serialised the threads on the kernel's memory lock. Transparent huge pages cut the faults 512×.
#include <cstddef>
#include <memory>
#include <vector>

namespace attnscope {

// Asks for transparent huge pages on the whole 2 MiB pages inside [data, data + bytes); a no-op
// for small ranges and where the kernel has them disabled.
void advise_huge_pages(void* data, std::size_t bytes);

struct FreeDeleter {
  void operator()(float* p) const;
};
// n floats, uninitialised; from 4 MiB up 2 MiB-aligned and huge-page advised.
std::unique_ptr<float[], FreeDeleter> allocate_huge_floats(std::size_t n);

// A zero-filled vector of n floats whose storage is huge-page advised before it is touched.
std::vector<float> huge_zero_vector(std::size_t n);

}  // namespace attnscope
