#include "tokenize/bpe_merges.hpp"

#include <algorithm>
#include <functional>

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

// The lowest-ranked adjacent pair is merged first, the leftmost among equals. Symbols form a
// linked list and candidate pairs a min-heap, so a long word costs O(n log n), not O(n^2);
// heap entries made stale by an earlier merge are recognised by their ids and skipped.
void BpeMerges::apply(std::vector<int32_t>& symbols) const {
  const int n = static_cast<int>(symbols.size());
  if (n < 2) return;
  struct Candidate {
    int32_t rank;
    int position;
    int32_t left;
    int32_t right;
    int32_t merged;
    bool operator>(const Candidate& other) const {
      return rank != other.rank ? rank > other.rank : position > other.position;
    }
  };
  thread_local std::vector<int> next;
  thread_local std::vector<int> previous;
  thread_local std::vector<Candidate> heap;
  next.resize(n);
  previous.resize(n);
  heap.clear();
  const auto consider = [&](int position) {
    if (position < 0 || next[position] < 0) return;
    const int32_t left = symbols[position];
    const int32_t right = symbols[next[position]];
    const auto it = merges_.find(key(left, right));
    if (it == merges_.end()) return;
    heap.push_back({it->second.rank, position, left, right, it->second.merged_id});
    std::push_heap(heap.begin(), heap.end(), std::greater<>());
  };
  for (int i = 0; i < n; ++i) {
    next[i] = i + 1 < n ? i + 1 : -1;
    previous[i] = i - 1;
  }
  for (int i = 0; i + 1 < n; ++i) consider(i);

  constexpr int32_t kRemoved = -1;
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), std::greater<>());
    const Candidate best = heap.back();
    heap.pop_back();
    const int right = next[best.position];
    if (symbols[best.position] != best.left || right < 0 || symbols[right] != best.right) {
      continue;  // stale: one side was merged since this pair was seen
    }
    symbols[best.position] = best.merged;
    symbols[right] = kRemoved;
    next[best.position] = next[right];
    if (next[right] >= 0) previous[next[right]] = best.position;
    consider(previous[best.position]);
    consider(best.position);
  }
  std::erase(symbols, kRemoved);
}

}  // namespace attnscope
