#include "tokenize/pre_token_regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <memory>

#include "core/error.hpp"

namespace attnscope {
namespace {

// From GPT-2's encoder.py: contractions, letters, numbers, other symbols (each with one
// optional leading space), and whitespace, leaving the last space before a word to the word.
constexpr std::string_view kPattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

struct MatchDataDeleter {
  void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
};

}  // namespace

PreTokenRegex::PreTokenRegex() {
  int error = 0;
  PCRE2_SIZE error_offset = 0;
  code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(kPattern.data()), kPattern.size(),
                        PCRE2_UTF | PCRE2_UCP, &error, &error_offset, nullptr);
  if (!code_)
    throw Error("cannot compile the GPT-2 pre-token regex (PCRE2 error " + std::to_string(error) +
                "); check the PCRE2 installation");
  pcre2_jit_compile(code_, PCRE2_JIT_COMPLETE);  // falls back to the interpreter if unavailable
}

PreTokenRegex::~PreTokenRegex() { pcre2_code_free(code_); }

std::pair<std::size_t, std::size_t> PreTokenRegex::next_match(std::string_view text,
                                                              std::size_t at) const {
  thread_local std::unique_ptr<pcre2_match_data, MatchDataDeleter> data(
      pcre2_match_data_create(4, nullptr));
  const int found = pcre2_match(code_, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), at,
                                PCRE2_NO_UTF_CHECK, data.get(), nullptr);
  if (found < 0) return {text.size(), text.size()};
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data.get());
  return {ovector[0], ovector[1]};
}

}  // namespace attnscope
