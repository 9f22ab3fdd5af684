#pragma once
// BertPreTokenizer's split (Hugging Face tokenizers): whitespace separates words and is dropped;
// each punctuation character is a word of its own. WordPiece splits normalized text this way, and
// word-level attention splits plain text the same way, so that BERT's words are its words.
#include <cstddef>

#include "tokenize/unicode.hpp"

namespace attnscope {

// BERT's punctuation: every ASCII non-alphanumeric printable ("$", "+", "^" included) and
// Unicode P*.
bool is_bert_punctuation(char32_t c);

// Calls on_word(begin, end) for each word of the n code points char_at(0), ..., char_at(n - 1),
// in order.
template <typename CharAt, typename OnWord>
void split_bert_words(std::size_t n, CharAt char_at, OnWord on_word) {
  std::size_t word_begin = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char32_t c = char_at(i);
    const bool space = unicode::is_whitespace(c);
    if (!space && !is_bert_punctuation(c)) continue;
    if (i > word_begin) on_word(word_begin, i);
    if (!space) on_word(i, i + 1);
    word_begin = i + 1;
  }
  if (n > word_begin) on_word(word_begin, n);
}

}  // namespace attnscope
