#include "render/layer_head.hpp"

#include "core/error.hpp"

namespace attnscope::render {

int resolve_index(int index, int count, const std::string& what) {
  if (index >= -count && index < count) return index < 0 ? index + count : index;
  throw UsageError(what + " " + std::to_string(index) + " does not exist; valid: 0.." +
                   std::to_string(count - 1) + " (or -" + std::to_string(count) +
                   "..-1 from the end)");
}

int resolve_layer(const Attention& attention, int layer) {
  return resolve_index(layer, attention.layers, "--layer");
}

int resolve_head(const Attention& attention, int head) {
  return resolve_index(head, attention.heads, "--head");
}

}  // namespace attnscope::render
