#include "analysis/word_attention.hpp"

#include <algorithm>

#include "analysis/score_heads.hpp"
#include "core/error.hpp"
#include "tokenize/token_labels.hpp"
#include "tokenize/unicode.hpp"
#include "tokenize/utf8.hpp"

namespace attnscope::analysis {

bool WordAlignment::complete() const {
  return std::none_of(pieces.begin(), pieces.end(), [](const auto& p) { return p.empty(); });
}

WordAlignment align_pieces(const std::vector<Token>& tokens, std::string_view text,
                           const std::vector<WordSpan>& words) {
  const std::u32string code_points = utf8::decode(text, /*replace_invalid=*/true);
  const int32_t length = static_cast<int32_t>(code_points.size());
  WordAlignment alignment;
  alignment.tokens = static_cast<int>(tokens.size());
  alignment.pieces.resize(words.size());
  for (int t = 0; t < alignment.tokens; ++t) {
    const Token& token = tokens[t];
    if (token.special) continue;
    int32_t start = token.start;
    while (start < token.end && start < length && unicode::is_whitespace(code_points[start]))
      ++start;
    if (start >= token.end) continue;
    // Spans come in text order and only shared spans overlap, so the words holding `start` are
    // the run that ends just before the first word starting after it.
    auto after = std::upper_bound(words.begin(), words.end(), start,
                                  [](int32_t s, const WordSpan& w) { return s < w.start; });
    for (auto it = after; it != words.begin();) {
      --it;
      if (start >= it->end) break;
      alignment.pieces[it - words.begin()].push_back(t);
    }
  }
  return alignment;
}

void merge_to_words(HeadMatrix a, const WordAlignment& alignment, FromWord from, float* out) {
  if (a.n != alignment.tokens)
    throw Error("word alignment made for " + std::to_string(alignment.tokens) +
                " tokens used on attention over " + std::to_string(a.n));
  const int w = alignment.words();
  for (int i = 0; i < w; ++i) {
    const auto& all_rows = alignment.pieces[i];
    const std::size_t row_count =
        from == FromWord::First ? std::min<std::size_t>(1, all_rows.size()) : all_rows.size();
    const float scale = row_count ? 1.0f / static_cast<float>(row_count) : 0.0f;
    float* out_row = out + static_cast<std::size_t>(i) * w;
    for (int j = 0; j < w; ++j) {
      double sum = 0;
      for (std::size_t r = 0; r < row_count; ++r) {
        const float* row = a.row(all_rows[r]);
        for (int key : alignment.pieces[j]) sum += row[key];
      }
      out_row[j] = static_cast<float>(sum) * scale;
    }
  }
}

Attention word_attention(const Attention& attention, const WordAlignment& alignment,
                         const std::vector<WordSpan>& words, FromWord from) {
  check_attention_shape(attention);
  if (static_cast<int>(words.size()) != alignment.words())
    throw Error("word alignment of " + std::to_string(alignment.words()) + " words used with " +
                std::to_string(words.size()) + " word spans");
  Attention merged;
  merged.model_name = attention.model_name;
  merged.architecture = attention.architecture;
  merged.precision = attention.precision;
  merged.layers = attention.layers;
  merged.heads = attention.heads;
  for (std::size_t i = 0; i < words.size(); ++i) {
    Token token;
    const auto& pieces = alignment.pieces[i];
    token.id = pieces.empty() ? -1 : attention.tokens[pieces.front()].id;
    token.piece = token.display = words[i].form;
    token.label = readable_label(words[i].form);
    token.start = words[i].start;
    token.end = words[i].end;
    merged.tokens.push_back(std::move(token));
  }
  const std::size_t w = words.size();
  merged.probs.resize(static_cast<std::size_t>(attention.layers) * attention.heads * w * w);
  for (int layer = 0; layer < attention.layers; ++layer)
    for (int head = 0; head < attention.heads; ++head)
      merge_to_words(
          head_matrix(attention, layer, head), alignment, from,
          merged.probs.data() + (static_cast<std::size_t>(layer) * attention.heads + head) * w * w);
  return merged;
}

}  // namespace attnscope::analysis
