#pragma once
// Normalized text that remembers, for every code point, the span of the original text it came
// from: how Hugging Face reports offsets into the original text after lowercasing, accent
// stripping and CJK spacing changed it.
#include <cstdint>
#include <vector>

namespace attnscope {

struct AlignedChar {
  char32_t c;
  int32_t start;  // original code-point span [start, end)
  int32_t end;
};

using AlignedText = std::vector<AlignedChar>;

}  // namespace attnscope
