#pragma once
// Weights and golden tensors by name, whatever file they came from (safetensors, shards,
// pytorch_model.bin): dtype, shape and the raw little-endian bytes, kept alive by the store.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "io/dtype.hpp"

namespace attnscope::io {

struct TensorInfo {
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  std::span<const std::byte> bytes;  // numel · dtype_size bytes, owned by the store's backing

  std::size_t numel() const;
};

// Float data of one tensor: points into the mapping when the file already holds aligned F32
// (no copy), else into a converted copy that this value owns.
struct FloatTensor {
  std::vector<int64_t> shape;
  const float* data = nullptr;
  std::shared_ptr<const std::vector<float>> owned;

  std::size_t numel() const;
  std::span<const float> span() const { return {data, numel()}; }
};

std::string shape_string(const std::vector<int64_t>& shape);  // "[768, 3072]"

class TensorStore {
 public:
  // `backing` keeps the memory behind every TensorInfo::bytes alive (a mapping, a buffer).
  void add(std::string name, TensorInfo info, std::shared_ptr<const void> backing);
  // Moves every tensor of `other` in; a name present in both is an Error.
  void merge(TensorStore&& other);

  bool contains(const std::string& name) const { return tensors_.count(name) != 0; }
  // Throws Error naming the tensor (and `source`) when absent.
  const TensorInfo& info(const std::string& name) const;
  std::vector<std::string> names() const;
  std::size_t size() const { return tensors_.size(); }

  // F32/F16/BF16/F64 as float; other dtypes are an Error.
  FloatTensor f32(const std::string& name) const;
  std::vector<float> to_f32(const std::string& name) const;
  // I64/I32/I16/I8/U8 as int64; other dtypes are an Error.
  std::vector<int64_t> to_i64(const std::string& name) const;

  // Free-form string metadata (safetensors __metadata__).
  std::map<std::string, std::string> metadata;
  // Where the tensors came from, for error messages ("model.safetensors").
  std::string source;

 private:
  std::map<std::string, TensorInfo> tensors_;
  std::vector<std::shared_ptr<const void>> backings_;
};

}  // namespace attnscope::io
