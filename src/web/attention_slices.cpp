#include "web/attention_slices.hpp"

namespace attnscope::web {

namespace {

std::size_t head_size(const Attention& attention) {
  return static_cast<std::size_t>(attention.n()) * attention.n();
}

}  // namespace

std::span<const float> head_values(const Attention& attention, int layer, int head) {
  return {attention.head(layer, head), head_size(attention)};
}

std::span<const float> layer_values(const Attention& attention, int layer) {
  return {attention.head(layer, 0), head_size(attention) * attention.heads};
}

std::vector<float> query_rows(const Attention& attention, int query) {
  const std::size_t n = attention.n();
  std::vector<float> rows;
  rows.reserve(static_cast<std::size_t>(attention.layers) * attention.heads * n);
  for (int layer = 0; layer < attention.layers; ++layer) {
    for (int head = 0; head < attention.heads; ++head) {
      const float* row = attention.head(layer, head) + query * n;
      rows.insert(rows.end(), row, row + n);
    }
  }
  return rows;
}

std::string float_bytes(std::span<const float> values) {
  return {reinterpret_cast<const char*>(values.data()), values.size_bytes()};
}

}  // namespace attnscope::web
