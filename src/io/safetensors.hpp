#pragma once
// The safetensors format: an 8-byte little-endian header length, a JSON header
// {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}}, then the data.
// Reading validates the header strictly (every offset inside the file, sizes that match the
// shape and dtype, no two tensors sharing bytes) and memory-maps the data.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/tensor_store.hpp"

namespace attnscope::io {

struct SafetensorsEntry {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  uint64_t begin = 0, end = 0;  // byte range in the data section
};

struct SafetensorsHeader {
  std::vector<SafetensorsEntry> entries;
  std::map<std::string, std::string> metadata;
  uint64_t data_offset = 0;  // where the data section starts in the file
};

// Parses and validates the whole file's header (the first 8 + n bytes of `file`). Throws Error
// with one line naming `source` and the problem. Never reads outside `file`.
SafetensorsHeader parse_safetensors_header(std::span<const std::byte> file,
                                           const std::string& source);

// Maps `path` and returns its tensors (no copy). The golden tests read their fixtures this way.
TensorStore read_safetensors(const std::filesystem::path& path);

// Collects tensors and writes them as one safetensors file, atomically. The add_* calls keep a
// view of the caller's values, which must outlive write(): attentions at 512 tokens are
// 150 MB and are not copied.
class SafetensorsWriter {
 public:
  void add(std::string name, DType dtype, std::vector<int64_t> shape,
           std::span<const std::byte> bytes);
  // The same with bytes the writer keeps (for values computed on the spot).
  void add(std::string name, DType dtype, std::vector<int64_t> shape, std::string bytes);
  void add_f32(std::string name, std::vector<int64_t> shape, std::span<const float> values);
  void add_i64(std::string name, std::vector<int64_t> shape, std::span<const int64_t> values);
  std::map<std::string, std::string> metadata;
  void write(const std::filesystem::path& path) const;

 private:
  struct Pending {
    std::string name;
    DType dtype;
    std::vector<int64_t> shape;
    std::span<const std::byte> view;
    std::shared_ptr<const std::string> owned;  // when set, the bytes; the view is unused
    std::span<const std::byte> bytes() const {
      return owned ? std::as_bytes(std::span(*owned)) : view;
    }
  };
  std::vector<Pending> tensors_;
};

}  // namespace attnscope::io
