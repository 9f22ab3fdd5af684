#include "tokenize/wordpiece.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "tokenize/bert_pre_tokenizer.hpp"
#include "tokenize/utf8.hpp"

namespace attnscope {

WordPieceTokenizer::WordPieceTokenizer(WordPieceConfig config) : config_(std::move(config)) {
  const std::string& prefix = config_.continuing_subword_prefix;
  for (const auto& [token, id] : config_.vocab.ids()) {
    if (!prefix.empty() && token.starts_with(prefix)) {
      continuations_.emplace(token.substr(prefix.size()), id);
      longest_piece_ = std::max(longest_piece_, token.size() - prefix.size());
    }
    word_starts_.emplace(token, id);
    longest_piece_ = std::max(longest_piece_, token.size());
  }
  unk_id_ = required_id(config_.unk_token, "unknown");
  if (config_.add_cls_sep) {
    cls_id_ = required_id(config_.cls_token, "classifier");
    sep_id_ = required_id(config_.sep_token, "separator");
  }
}

int32_t WordPieceTokenizer::required_id(const std::string& token, const char* role) const {
  const auto id = config_.vocab.find(token);
  if (!id) {
    throw Error(std::string("the ") + role + " token " + token +
                " is not in the vocabulary; check vocab.txt and tokenizer_config.json");
  }
  return *id;
}

void WordPieceTokenizer::push(Encoding& out, int32_t id, int32_t start, int32_t end,
                              int32_t type_id, bool special) const {
  out.push_back(id, config_.vocab.token(id), start, end, type_id, special);
}

Encoding WordPieceTokenizer::encode(std::string_view text, const EncodeOptions& options) const {
  const bool specials = options.add_special_tokens && config_.add_cls_sep;
  Encoding out;
  if (specials) push(out, cls_id_, 0, 0, 0, true);
  encode_segment(text, options, 0, out);
  if (specials) push(out, sep_id_, 0, 0, 0, true);
  return out;
}

Encoding WordPieceTokenizer::encode_pair(std::string_view first, std::string_view second,
                                         const EncodeOptions& options) const {
  const bool specials = options.add_special_tokens && config_.add_cls_sep;
  Encoding out;
  if (specials) push(out, cls_id_, 0, 0, 0, true);
  encode_segment(first, options, 0, out);
  if (specials) push(out, sep_id_, 0, 0, 0, true);
  encode_segment(second, options, 1, out);
  if (specials) push(out, sep_id_, 0, 0, 1, true);
  return out;
}

void WordPieceTokenizer::encode_segment(std::string_view text, const EncodeOptions& options,
                                        int32_t type_id, Encoding& out) const {
  const std::u32string code_points = utf8::decode(text, options.replace_invalid);
  const std::u32string_view view = code_points;
  for (const TextPiece& piece : split_on_added_tokens(view, config_.added_tokens)) {
    if (piece.added) {
      push(out, piece.added->id, piece.begin, piece.end, type_id, piece.added->special);
      continue;
    }
    const AlignedText normalized = bert_normalize(view.substr(piece.begin, piece.end - piece.begin),
                                                  piece.begin, config_.normalizer);
    encode_normalized(normalized, type_id, out);
  }
}

void WordPieceTokenizer::encode_normalized(const AlignedText& text, int32_t type_id,
                                           Encoding& out) const {
  split_bert_words(
      text.size(), [&](std::size_t i) { return text[i].c; },
      [&](std::size_t begin, std::size_t end) { encode_word(text, begin, end, type_id, out); });
}

// Greedy longest-match-first; a word with a part no vocabulary entry matches, or longer than
// max_input_chars_per_word, is one [UNK] spanning the whole word.
void WordPieceTokenizer::encode_word(const AlignedText& text, std::size_t begin, std::size_t end,
                                     int32_t type_id, Encoding& out) const {
  const int32_t word_start = text[begin].start;
  const int32_t word_end = text[end - 1].end;
  const std::size_t n = end - begin;
  if (n > static_cast<std::size_t>(config_.max_input_chars_per_word)) {
    push(out, unk_id_, word_start, word_end, type_id, false);
    return;
  }
  thread_local std::string word;
  thread_local std::vector<std::size_t> char_bytes;  // byte offset of each char, plus the end
  word.clear();
  char_bytes.clear();
  for (std::size_t i = begin; i < end; ++i) {
    char_bytes.push_back(word.size());
    utf8::append(word, text[i].c);
  }
  char_bytes.push_back(word.size());

  const std::size_t first_piece = out.size();
  for (std::size_t start = 0; start < n;) {
    const StringIdMap& pieces = start == 0 ? word_starts_ : continuations_;
    // Candidates longer than every vocabulary entry cannot match; skipping them keeps long
    // unknown words from costing a quadratic number of lookups.
    std::size_t stop = n;
    while (stop > start + 1 && char_bytes[stop] - char_bytes[start] > longest_piece_) --stop;
    int32_t id = -1;
    for (; stop > start; --stop) {
      const std::string_view candidate(word.data() + char_bytes[start],
                                       char_bytes[stop] - char_bytes[start]);
      const auto it = pieces.find(candidate);
      if (it != pieces.end()) {
        id = it->second;
        break;
      }
    }
    if (id < 0) {
      out.truncate(first_piece);
      push(out, unk_id_, word_start, word_end, type_id, false);
      return;
    }
    push(out, id, text[begin + start].start, text[begin + stop - 1].end, type_id, false);
    start = stop;
  }
}

}  // namespace attnscope
