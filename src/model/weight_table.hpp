#pragma once
// The tensor-name table of a model: each expected tensor is looked up by name (under the
// checkpoint's prefix, in any of its historical spellings) and checked against the shape the
// config implies, so a wrong or partial checkpoint fails at load, naming the tensor.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "io/tensor_store.hpp"

namespace attnscope {

class WeightTable {
 public:
  WeightTable(io::TensorStore store, std::string prefix);

  // f32 data of prefix + the first of `names` present; shape must equal `shape`.
  const float* take(std::initializer_list<std::string_view> names, std::vector<int64_t> shape);
  const float* take(std::string_view name, std::vector<int64_t> shape) {
    return take({name}, std::move(shape));
  }
  // LayerNorm parameters are `weight`/`bias` in new checkpoints, `gamma`/`beta` in old ones.
  const float* take_norm_weight(const std::string& module, int64_t dim);
  const float* take_norm_bias(const std::string& module, int64_t dim);

 private:
  io::TensorStore store_;
  std::string prefix_;
  std::vector<io::FloatTensor> kept_;  // owns converted (F16/BF16/unaligned) copies
};

}  // namespace attnscope
