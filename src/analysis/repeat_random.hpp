#pragma once
// The induction test input: N uniformly random token ids repeated once (r₁..r_N r₁..r_N). A head
// that attends from the second r_k to the token after the first r_k is doing induction.
#include <cstdint>
#include <vector>

#include "analysis/head_scores.hpp"
#include "attention/attention.hpp"

namespace attnscope::analysis {

struct RepeatRandomSpec {
  int length = 50;  // N
  int batch = 10;   // sequences
  uint64_t seed = 0;
  int32_t low = 0;  // ids drawn uniformly from [low, high)
  int32_t high = 0;
};

// `batch` sequences of 2N ids (r then r again), from a generator whose output depends only on the
// seed (not on the standard library's distributions). Throws UsageError on an empty range.
std::vector<std::vector<int32_t>> draw_repeat_random(const RepeatRandomSpec& spec);

// Scores on one repeated sequence whose first random token sits at `first` (1 after a BOS):
//   "induction": mean over repeated positions i ∈ [first+N, first+2N) of A[i, i−N+1], the
//                attention to the token after the earlier copy;
//   "previous_token": mean of the diagonal below the main one, A[i, i−1] for i ≥ 1.
HeadScores repeat_random_scores(const Attention& attention, int length, int first);

// Where the first block of `length` ids that is repeated right after itself starts; an Error
// when there is none (ids given for the test that do not repeat).
int repeated_block_start(const Attention& attention, int length);

}  // namespace attnscope::analysis
