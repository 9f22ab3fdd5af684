#pragma once
// UTF-8 <-> code points. Tokenizer offsets are code-point indices (Python's), so every tokenizer
// works on decoded text; decoding is where invalid input is caught.
#include <string>
#include <string_view>

namespace attnscope::utf8 {

// Decodes strict UTF-8 (no overlongs, surrogates or values above U+10FFFF). Invalid input throws
// an Error naming the byte offset, unless `replace_invalid`: then each maximal invalid
// subsequence becomes one U+FFFD, as Python's errors="replace" does.
std::u32string decode(std::string_view bytes, bool replace_invalid = false);

void append(std::string& out, char32_t code_point);
std::string encode(std::u32string_view code_points);

}  // namespace attnscope::utf8
