#include "model/weight_table.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/huge_pages.hpp"
#include "core/parallel.hpp"
#include "io/mapped_file.hpp"
#include "model/gemm.hpp"

namespace attnscope {

WeightTable::WeightTable(io::TensorStore store, std::string prefix, Precision precision)
    : store_(std::move(store)), prefix_(std::move(prefix)), precision_(precision) {}

const float* WeightTable::take_transposed(std::string_view name, int64_t rows, int64_t cols) {
  const float* source = take(name, {rows, cols});
  const io::FloatTensor& original = kept_.back();
  // Huge pages: hundreds of MB of fresh memory would otherwise cost a page fault per 4 KiB.
  auto transposed = allocate_huge_floats(static_cast<std::size_t>(rows) * cols);
  float* out = transposed.get();
  // In tiles, so that both the reads and the writes stay within a few cache lines.
  constexpr int64_t kTile = 32;
  parallel_for((rows + kTile - 1) / kTile, [&](std::size_t begin, std::size_t end) {
    for (int64_t r0 = begin * kTile; r0 < std::min<int64_t>(rows, end * kTile); r0 += kTile)
      for (int64_t c0 = 0; c0 < cols; c0 += kTile)
        for (int64_t r = r0; r < std::min(rows, r0 + kTile); ++r)
          for (int64_t c = c0; c < std::min(cols, c0 + kTile); ++c)
            out[c * rows + r] = source[r * cols + c];
  });
  if (!original.owned) io::release_mapped_pages(std::as_bytes(original.span()));
  transposed_.push_back(std::move(transposed));
  return out;
}

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
