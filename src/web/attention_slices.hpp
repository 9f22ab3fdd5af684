#pragma once
// The parts of one Attention that the explorer's views ask for, as float32 runs: one head for
// the heatmap, one layer for the head view, one query token's rows for the token flow.
#include <span>
#include <string>
#include <vector>

#include "attention/attention.hpp"

namespace attnscope::web {

// [n][n]; layer and head must be in range.
std::span<const float> head_values(const Attention& attention, int layer, int head);
// [heads][n][n]
std::span<const float> layer_values(const Attention& attention, int layer);
// [layers][heads][n]: what `query` attends to, in every head.
std::vector<float> query_rows(const Attention& attention, int query);

// The values' bytes as they lie in memory (little-endian float32).
std::string float_bytes(std::span<const float> values);

}  // namespace attnscope::web
