#pragma once
// GPT-2's pre-tokenizer regex on PCRE2 with Unicode classes (UTF + UCP), JIT-compiled.
#include <string_view>
#include <utility>

typedef struct pcre2_real_code_8 pcre2_code_8;

namespace attnscope {

class PreTokenRegex {
 public:
  PreTokenRegex();
  ~PreTokenRegex();
  PreTokenRegex(const PreTokenRegex&) = delete;
  PreTokenRegex& operator=(const PreTokenRegex&) = delete;

  // Calls `piece(begin, end)` with the byte ranges that cover valid UTF-8 `text`, in order:
  // the regex's matches and any text between them.
  template <typename Piece>
  void split(std::string_view text, Piece&& piece) const {
    for (std::size_t at = 0; at < text.size();) {
      const auto [begin, end] = next_match(text, at);
      if (begin > at) piece(at, begin);
      if (end <= begin) break;  // no match left (the pattern never matches empty text)
      piece(begin, end);
      at = end;
    }
  }

 private:
  // The first match at or after `at`, or {size, size} when there is none.
  std::pair<std::size_t, std::size_t> next_match(std::string_view text, std::size_t at) const;
  pcre2_code_8* code_;
};

}  // namespace attnscope
