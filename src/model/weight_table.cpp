#include "model/weight_table.hpp"

#include "core/error.hpp"
#include "model/gemm.hpp"

namespace attnscope {

WeightTable::WeightTable(io::TensorStore store, std::string prefix, Precision precision)
    : store_(std::move(store)), prefix_(std::move(prefix)), precision_(precision) {}

const std::uint16_t* WeightTable::bf16_copy(const float* weight, std::size_t count) {
  if (precision_ != Precision::bf16) return nullptr;
  bf16_.push_back(to_bf16(weight, count));
  return bf16_.back().data();
}

const float* WeightTable::take(std::initializer_list<std::string_view> names,
                               std::vector<int64_t> shape) {
  return take_under(prefix_, names, std::move(shape));
}

const float* WeightTable::take_top_level(std::initializer_list<std::string_view> names,
                                         std::vector<int64_t> shape) {
  return take_under("", names, std::move(shape));
}

const float* WeightTable::take_under(const std::string& prefix,
                                     std::initializer_list<std::string_view> names,
                                     std::vector<int64_t> shape) {
  std::string found;
  for (auto name : names) {
    std::string full = prefix + std::string(name);
    if (store_.contains(full)) {
      found = full;
      break;
    }
  }
  if (found.empty()) (void)store_.info(prefix + std::string(*names.begin()));  // throws, naming it
  const auto& info = store_.info(found);
  if (info.shape != shape)
    throw Error("tensor " + found + " in " + store_.source + " has shape " +
                io::shape_string(info.shape) + " but config.json implies " +
                io::shape_string(shape) + "; the weights do not belong to this config");
  kept_.push_back(store_.f32(found));
  return kept_.back().data;
}

const float* WeightTable::take_norm_weight(const std::string& module, int64_t dim) {
  return take({module + ".weight", module + ".gamma"}, {dim});
}

const float* WeightTable::take_norm_bias(const std::string& module, int64_t dim) {
  return take({module + ".bias", module + ".beta"}, {dim});
}

}  // namespace attnscope
