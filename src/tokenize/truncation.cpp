#include "tokenize/truncation.hpp"

#include <cstdint>
#include <vector>

namespace attnscope {
namespace {

int segment_of(const Encoding& e, std::size_t i) {
  return e.type_ids.empty() || e.type_ids[i] == 0 ? 0 : 1;
}

// Keeps values[i] where keep[i]; an empty vector (a field the encoding does not carry) stays so.
template <typename T>
void keep_marked(std::vector<T>& values, const std::vector<uint8_t>& keep) {
  if (values.empty()) return;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < keep.size(); ++i) {
    if (!keep[i]) continue;
    if (kept != i) values[kept] = std::move(values[i]);  // a self-move would empty a string
    ++kept;
  }
  values.resize(kept);
}

}  // namespace

void truncate_longest_first(Encoding& e, std::size_t max_tokens) {
  const std::size_t n = e.size();
  if (n <= max_tokens) return;
  std::size_t ordinary[2] = {0, 0};
  for (std::size_t i = 0; i < n; ++i)
    if (!e.is_special(i)) ++ordinary[segment_of(e, i)];

  // Replays the one-at-a-time rule on the counts alone, so the tokens are moved only once.
  std::size_t left[2] = {ordinary[0], ordinary[1]};
  std::size_t specials_to_drop = 0;
  for (std::size_t dropped = 0; dropped < n - max_tokens; ++dropped) {
    if (left[1] > 0 && left[1] >= left[0]) {
      --left[1];
    } else if (left[0] > 0) {
      --left[0];
    } else {
      ++specials_to_drop;
    }
  }

  // Each segment loses its last ordinary tokens; then, if need be, the last special ones.
  std::vector<uint8_t> keep(n, 1);
  std::size_t to_drop[2] = {ordinary[0] - left[0], ordinary[1] - left[1]};
  for (std::size_t i = n; i-- > 0;) {
    if (e.is_special(i)) continue;
    std::size_t& segment_drop = to_drop[segment_of(e, i)];
    if (segment_drop > 0) {
      keep[i] = 0;
      --segment_drop;
    }
  }
  for (std::size_t i = n; i-- > 0 && specials_to_drop > 0;) {
    if (keep[i]) {
      keep[i] = 0;
      --specials_to_drop;
    }
  }
  keep_marked(e.ids, keep);
  keep_marked(e.type_ids, keep);
  keep_marked(e.tokens, keep);
  keep_marked(e.offsets, keep);
  keep_marked(e.special, keep);
}

}  // namespace attnscope
