#pragma once
// The words of a text as character spans, the units that word-level attention merges pieces
// into: the syntactic words of a CoNLL-U sentence, or BERT-like words of plain text.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/conllu.hpp"

namespace attnscope::analysis {

struct WordSpan {
  int32_t start = 0;  // code-point offsets into the text, like Token::start/end
  int32_t end = 0;
  std::string form;  // the word as written: its CoNLL-U FORM, or the text it spans
};

// Plain text split as BERT's BasicTokenizer splits it: whitespace separates words, and each
// punctuation character is a word of its own. Invalid UTF-8 becomes U+FFFD, as the tokenizers
// read it with replace_invalid.
std::vector<WordSpan> text_words(std::string_view text);

// The sentence's syntactic words, placed in its `# text`: each surface unit (a plain word, or a
// multiword token such as "Google's") is found in the text after the previous one; the words of
// a multiword token split its span when their forms concatenate to its surface ("Google" + "'s")
// and share it otherwise ("du" = "de" + "le"). Throws Error "file:line: ..." when the text does
// not contain a unit in order, or is not UTF-8.
std::vector<WordSpan> conllu_words(const io::ConlluSentence& sentence);

}  // namespace attnscope::analysis
