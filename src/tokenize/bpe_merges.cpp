#include "tokenize/bpe_merges.hpp"

#include <limits>

#include "core/error.hpp"

namespace attnscope {

BpeMerges::BpeMerges(const std::vector<std::pair<std::string, std::string>>& merges,
                     const Vocabulary& vocab) {
  merges_.reserve(merges.size());
  for (std::size_t rank = 0; rank < merges.size(); ++rank) {
    const auto& [left, right] = merges[rank];
    const auto left_id = vocab.find(left);
    const auto right_id = vocab.find(right);
    const auto merged_id = vocab.find(left + right);
    if (!left_id || !right_id || !merged_id) {
      throw Error("merge " + std::to_string(rank + 1) + " (\"" + left + " " + right +
                  "\") uses a token missing from the vocabulary; check merges.txt and vocab.json");
    }
    // A repeated pair takes its last rank, as Hugging Face's map built in file order does.
    merges_.insert_or_assign(key(*left_id, *right_id),
                             Merge{static_cast<int32_t>(rank), *merged_id});
  }
}

void BpeMerges::apply(std::vector<int32_t>& symbols) const {
  while (symbols.size() > 1) {
    int32_t best_rank = std::numeric_limits<int32_t>::max();
    std::size_t best_at = 0;
    int32_t best_id = -1;
    for (std::size_t i = 0; i + 1 < symbols.size(); ++i) {
      const auto it = merges_.find(key(symbols[i], symbols[i + 1]));
      if (it != merges_.end() && it->second.rank < best_rank) {
        best_rank = it->second.rank;
        best_at = i;
        best_id = it->second.merged_id;
      }
    }
    if (best_id < 0) return;
    symbols[best_at] = best_id;
    symbols.erase(symbols.begin() + static_cast<std::ptrdiff_t>(best_at) + 1);
  }
}

}  // namespace attnscope
