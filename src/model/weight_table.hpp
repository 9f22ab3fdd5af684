#pragma once
// The tensor-name table of a model: each expected tensor is looked up by name (under the
// checkpoint's prefix, in any of its historical spellings) and checked against the shape the
// config implies, so a wrong or partial checkpoint fails at load, naming the tensor.
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/huge_pages.hpp"
#include "io/tensor_store.hpp"
#include "model/precision.hpp"

namespace attnscope {

class WeightTable {
 public:
  WeightTable(io::TensorStore store, std::string prefix, Precision precision);

  Precision precision() const { return precision_; }

  // f32 data of prefix + the first of `names` present; shape must equal `shape`.
  const float* take(std::initializer_list<std::string_view> names, std::vector<int64_t> shape);
  const float* take(std::string_view name, std::vector<int64_t> shape) {
    return take({name}, std::move(shape));
  }
  // The same for a tensor outside the model's prefix (BertForMaskedLM's `cls.` head beside
  // `bert.`), and whether the checkpoint has one.
  const float* take_top_level(std::initializer_list<std::string_view> names,
                              std::vector<int64_t> shape);
  bool contains_top_level(std::string_view name) const {
    return store_.contains(std::string(name));
  }
  // The transpose [cols, rows] of a [rows, cols] tensor (GPT-2's Conv1D [in, out] weights, so
  // that every weight product reads nn.Linear's [out, in], which oneDNN multiplies fastest),
  // kept as long as the table; the mapped original's pages are given back.
  const float* take_transposed(std::string_view name, int64_t rows, int64_t cols);
  // A weight matrix's bf16 copy (count values from `weight`, a take() result) when the model runs
  // in Precision::bf16, kept as long as the table; null in fp32.
  const std::uint16_t* bf16_copy(const float* weight, std::size_t count);
  // LayerNorm parameters are `weight`/`bias` in new checkpoints, `gamma`/`beta` in old ones.
  const float* take_norm_weight(const std::string& module, int64_t dim);
  const float* take_norm_bias(const std::string& module, int64_t dim);

 private:
  const float* take_under(const std::string& prefix, std::initializer_list<std::string_view> names,
                          std::vector<int64_t> shape);

  io::TensorStore store_;
  std::string prefix_;
  Precision precision_;
  std::vector<io::FloatTensor> kept_;  // owns converted (F16/BF16/unaligned) copies
  std::vector<std::vector<std::uint16_t>> bf16_;
  std::vector<std::unique_ptr<float[], FreeDeleter>> transposed_;
};

}  // namespace attnscope
