#pragma once
// Cutting an encoding that is longer than a model takes.
#include <cstddef>

#include "tokenize/tokenizer.hpp"

namespace attnscope {

// Hugging Face's "longest_first", as transformers' Python tokenizers run it: drop the last
// ordinary token of the longer segment (the second on a tie), one at a time, until `max_tokens`
// remain; special tokens ([CLS]/[SEP], BOS) go only once no ordinary token is left, last first.
// Linear in the encoding's length however much is cut.
void truncate_longest_first(Encoding& encoding, std::size_t max_tokens);

}  // namespace attnscope
