#pragma once
// Layer and head numbers as users give them: 0-based, negative counts from the end.
#include <string>

#include "attention/attention.hpp"

namespace attnscope::render {

// Resolves `index` in [-count, count) to [0, count); throws UsageError saying the valid range.
int resolve_index(int index, int count, const std::string& what);
int resolve_layer(const Attention& attention, int layer);
int resolve_head(const Attention& attention, int head);

}  // namespace attnscope::render
