// libFuzzer target for the pytorch_model.bin readers: the ZIP central directory and the
// restricted pickle reader. Any bytes give entries inside the archive, tensors, or an
// attnscope::Error. Never a crash or sanitizer report, and nothing is ever executed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "core/error.hpp"
#include "io/torch_pickle.hpp"
#include "io/zip_archive.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  try {
    for (const auto& [name, entry] : attnscope::io::read_stored_zip(bytes, "fuzz.bin")) {
      // What the reader promised: every entry lies inside the archive.
      if (entry.data() < bytes.data() || entry.data() + entry.size() > bytes.data() + size)
        std::abort();
    }
  } catch (const attnscope::Error&) {
  }
  try {
    std::size_t length = 0;
    for (const auto& tensor : attnscope::io::read_torch_pickle(bytes, "fuzz.pkl", &length))
      if (tensor.shape.size() != tensor.stride.size()) std::abort();
    if (length > size) std::abort();
  } catch (const attnscope::Error&) {
  }
  return 0;
}
