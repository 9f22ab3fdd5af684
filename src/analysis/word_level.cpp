#include "analysis/word_level.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "tokenize/utf8.hpp"

namespace attnscope::analysis {
namespace {

struct Words {
  std::vector<WordSpan> spans;
  std::vector<int> segments;
  WordAlignment alignment;
};

// Appends the words of one segment's text, aligned with that segment's tokens only.
void add_segment(const Attention& attention, std::string_view text, int segment, Words& words) {
  std::vector<Token> own = attention.tokens;
  for (Token& token : own) token.special = token.special || token.segment != segment;
  const std::vector<WordSpan> split = text_words(text);
  const WordAlignment pieces = align_pieces(own, text, split);
  const std::u32string code_points = utf8::decode(text, /*replace_invalid=*/true);
  for (std::size_t i = 0; i < split.size(); ++i) {
    if (pieces.pieces[i].empty()) continue;
    WordSpan word = split[i];
    std::vector<int> word_pieces;
    int32_t reach = word.end;  // where the word's tokens end
    std::size_t next = i;
    for (; next < split.size() && (next == i || split[next].start < reach); ++next) {
      word.end = std::max(word.end, split[next].end);
      for (int t : pieces.pieces[next]) {
        word_pieces.push_back(t);
        reach = std::max(reach, attention.tokens[t].end);
      }
    }
    if (next > i + 1) {
      word.form =
          utf8::encode(std::u32string_view(code_points).substr(word.start, word.end - word.start));
      std::sort(word_pieces.begin(), word_pieces.end());
    }
    i = next - 1;
    words.spans.push_back(std::move(word));
    words.segments.push_back(segment);
    words.alignment.pieces.push_back(std::move(word_pieces));
  }
}

}  // namespace

WordLevel word_level(const Attention& tokens, std::string_view text,
                     const std::optional<std::string>& text_pair, FromWord from) {
  Words words;
  words.alignment.tokens = tokens.n();
  add_segment(tokens, text, 0, words);
  if (text_pair) add_segment(tokens, *text_pair, 1, words);
  if (words.spans.empty())
    throw Error("the text has no word for word-level attention: every token is special");
  WordLevel level{word_attention(tokens, words.alignment, words.spans, from),
                  std::move(words.alignment), from};
  for (std::size_t i = 0; i < words.segments.size(); ++i)
    level.attention.tokens[i].segment = words.segments[i];
  return level;
}

std::optional<FromWord> parse_from_word(std::string_view name) {
  if (name == "mean") return FromWord::Mean;
  if (name == "first") return FromWord::First;
  return std::nullopt;
}

const char* from_word_name(FromWord from) { return from == FromWord::Mean ? "mean" : "first"; }

std::string word_level_note(FromWord from) {
  return std::string("word level: to = sum over pieces, from = ") +
         (from == FromWord::Mean ? "mean over pieces" : "first piece") + "; special tokens dropped";
}

}  // namespace attnscope::analysis
