#pragma once
// A captured text's attention at word level: the one path from a token-level Attention to a
// word-level one, shared by the figures (--words), extract and the explorer.
#include <optional>
#include <string>
#include <string_view>

#include "analysis/word_attention.hpp"
#include "attention/attention.hpp"

namespace attnscope::analysis {

struct WordLevel {
  Attention attention;      // over the words: piece = display = the word, start/end its span
  WordAlignment alignment;  // per word, its token positions in the token-level Attention
  FromWord from = FromWord::Mean;
};

// The words of `text` (text_words), then those of `text_pair` for a sentence pair, each aligned
// with the tokens of its own segment (Token::segment; offsets count in that segment's text),
// merged by word_attention. Two refinements make every word a row worth drawing: words that one
// token spans are joined (GPT-2's "'s" or "!!" cross BERT's punctuation splits, and the word a
// token starts in would otherwise take it all and leave the rest empty), and words no token
// reaches (cut by --truncate, or characters the tokenizer drops) are left out.
WordLevel word_level(const Attention& tokens, std::string_view text,
                     const std::optional<std::string>& text_pair, FromWord from);

// "mean" or "first", as --from-word and the explorer's "from_word" spell them.
std::optional<FromWord> parse_from_word(std::string_view name);
const char* from_word_name(FromWord from);

// What a word-level figure's cells are: "word level: to = sum over pieces, from = mean over
// pieces; special tokens dropped".
std::string word_level_note(FromWord from);

}  // namespace attnscope::analysis
