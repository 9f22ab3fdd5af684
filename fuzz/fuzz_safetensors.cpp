// libFuzzer target for the safetensors header parser: any bytes are either a valid header whose
// every tensor lies inside the file, or an attnscope::Error. Never a crash or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "core/error.hpp"
#include "io/safetensors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const std::byte> file(reinterpret_cast<const std::byte*>(data), size);
  try {
    auto header = attnscope::io::parse_safetensors_header(file, "fuzz.safetensors");
    const uint64_t data_size = size - header.data_offset;
    for (const auto& entry : header.entries) {
      // What the parser promised the mmap reader: in bounds and sized by shape × dtype.
      if (entry.begin > entry.end || entry.end > data_size) std::abort();
      uint64_t numel = 1;
      for (int64_t d : entry.shape) numel *= static_cast<uint64_t>(d);
      if (entry.end - entry.begin != numel * attnscope::io::dtype_size(entry.dtype)) std::abort();
    }
  } catch (const attnscope::Error&) {
  }
  return 0;
}
