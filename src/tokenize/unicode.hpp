#pragma once
// Unicode properties the tokenizers need, on utf8proc's tables, named after the rules that use
// them (Hugging Face's Rust tokenizers: char::is_whitespace, unicode_categories, std lowercase).
#include <string>

namespace attnscope::unicode {

// The White_Space property (Rust's char::is_whitespace).
bool is_whitespace(char32_t c);
// General category C* except surrogates-that-cannot-occur: Cc, Cf, Co, Cn (and Cs).
bool is_other(char32_t c);
// General category P*.
bool is_punctuation(char32_t c);
// General category Mn, the marks BERT's accent stripping drops.
bool is_nonspacing_mark(char32_t c);
// The full lowercase mapping (U+0130 becomes "i" + U+0307), appended to `out`.
void append_lowercase(std::u32string& out, char32_t c);
// The canonical decomposition (NFD) of one code point, appended to `out`, not yet reordered.
void append_canonical_decomposition(std::u32string& out, char32_t c);
// Canonical combining class (0 for starters).
int combining_class(char32_t c);

}  // namespace attnscope::unicode
