#include "analysis/word_spans.hpp"

#include "core/error.hpp"
#include "tokenize/bert_pre_tokenizer.hpp"
#include "tokenize/utf8.hpp"

namespace attnscope::analysis {
namespace {

std::u32string decode_at(const io::ConlluSentence& sentence, std::string_view bytes, int line,
                         const char* what) {
  try {
    return utf8::decode(bytes);
  } catch (const Error& e) {
    throw Error(sentence.where(line) + ": " + what + " is not valid UTF-8 (" + e.what() + ")");
  }
}

}  // namespace

std::vector<WordSpan> text_words(std::string_view text) {
  const std::u32string code_points = utf8::decode(text, /*replace_invalid=*/true);
  std::vector<WordSpan> words;
  split_bert_words(
      code_points.size(), [&](std::size_t i) { return code_points[i]; },
      [&](std::size_t begin, std::size_t end) {
        words.push_back(
            {static_cast<int32_t>(begin), static_cast<int32_t>(end),
             utf8::encode(std::u32string_view(code_points).substr(begin, end - begin))});
      });
  return words;
}

std::vector<WordSpan> conllu_words(const io::ConlluSentence& sentence) {
  const std::u32string text = decode_at(sentence, sentence.text, sentence.text_line, "the # text");
  const auto& words = sentence.words;
  std::vector<WordSpan> spans;
  spans.reserve(words.size());
  std::size_t cursor = 0;  // where the previous surface unit ended
  auto multiword = sentence.multiword_tokens.begin();
  for (std::size_t k = 0; k < words.size();) {
    const bool is_multiword =
        multiword != sentence.multiword_tokens.end() && multiword->first == words[k].id;
    const std::string& form = is_multiword ? multiword->form : words[k].form;
    const int line = is_multiword ? multiword->line : words[k].line;
    const std::size_t count = is_multiword ? multiword->last - multiword->first + 1 : 1;
    const std::u32string surface = decode_at(sentence, form, line, "the FORM");
    const std::size_t at = text.find(surface, cursor);
    if (at == std::u32string::npos)
      throw Error(sentence.where(line) + ": '" + form + "' is not in the sentence's # text (line " +
                  std::to_string(sentence.text_line) + ") after character " +
                  std::to_string(cursor) + "; the text must hold the words in order");
    cursor = at + surface.size();

    std::vector<std::u32string> parts;
    std::u32string joined;
    for (std::size_t i = k; i < k + count; ++i) {
      parts.push_back(decode_at(sentence, words[i].form, words[i].line, "the FORM"));
      joined += parts.back();
    }
    std::size_t start = at;
    for (std::size_t i = 0; i < count; ++i) {
      const bool split = joined == surface;
      const std::size_t end = split ? start + parts[i].size() : cursor;
      spans.push_back(
          {static_cast<int32_t>(split ? start : at), static_cast<int32_t>(end), words[k + i].form});
      start = end;
    }
    k += count;
    if (is_multiword) ++multiword;
  }
  return spans;
}

}  // namespace attnscope::analysis
