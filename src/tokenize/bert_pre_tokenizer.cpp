#include "tokenize/bert_pre_tokenizer.hpp"

namespace attnscope {

bool is_bert_punctuation(char32_t c) {
  const bool ascii_punctuation = (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) ||
                                 (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
  return c < 0x80 ? ascii_punctuation : unicode::is_punctuation(c);
}

}  // namespace attnscope
