#pragma once
// Byte-pair merges ranked by their line in merges.txt: a word starts as one symbol per byte and
// the adjacent pair with the lowest rank is merged until no pair has a rank.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tokenize/vocabulary.hpp"

namespace attnscope {

class BpeMerges {
 public:
  // `merges` in rank order; every part and every merged token must be in `vocab`.
  BpeMerges(const std::vector<std::pair<std::string, std::string>>& merges,
            const Vocabulary& vocab);
  // Merges `symbols` (token ids) in place.
  void apply(std::vector<int32_t>& symbols) const;
  std::size_t size() const { return merges_.size(); }

 private:
  struct Merge {
    int32_t rank;
    int32_t merged_id;
  };
  static uint64_t key(int32_t left, int32_t right) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) |
           static_cast<uint32_t>(right);
  }
  std::unordered_map<uint64_t, Merge> merges_;
};

}  // namespace attnscope
