#pragma once
// What every encoding must be, whatever the text or the tokenizer files: offsets inside the text
// and in order of start, ids inside the vocabulary and naming their tokens. A broken promise
// traps, so libFuzzer records the input.
#include <cstddef>
#include <cstdint>

#include "tokenize/tokenizer.hpp"

namespace attnscope::fuzz {

inline void check_encoding(const Tokenizer& tokenizer, const Encoding& encoding,
                           std::size_t code_points) {
  if (encoding.tokens.size() != encoding.size() || encoding.offsets.size() != encoding.size()) {
    __builtin_trap();
  }
  int32_t previous_start = 0;
  for (std::size_t i = 0; i < encoding.size(); ++i) {
    const auto [start, end] = encoding.offsets[i];
    if (start < 0 || start > end || end > static_cast<int32_t>(code_points)) __builtin_trap();
    if (!encoding.special[i] && start < previous_start) __builtin_trap();
    if (!encoding.special[i]) previous_start = start;
    if (encoding.ids[i] < 0 || encoding.ids[i] >= tokenizer.vocab_size()) __builtin_trap();
    if (tokenizer.id_to_token(encoding.ids[i]) != encoding.tokens[i]) __builtin_trap();
    tokenizer.display(encoding.tokens[i]);
  }
}

}  // namespace attnscope::fuzz
