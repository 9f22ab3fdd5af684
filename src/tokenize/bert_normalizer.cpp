#include "tokenize/bert_normalizer.hpp"

#include <algorithm>
#include <string>

#include "tokenize/unicode.hpp"

namespace attnscope {
namespace {

// Tab, newline and carriage return are controls in Unicode but whitespace to BERT.
bool is_bert_whitespace(char32_t c) { return unicode::is_whitespace(c); }
bool is_bert_control(char32_t c) {
  if (c == U'\t' || c == U'\n' || c == U'\r') return false;
  return unicode::is_other(c);
}

void clean_and_space_cjk(std::u32string_view text, int32_t origin,
                         const BertNormalizerOptions& options, AlignedText& out) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    char32_t c = text[i];
    const int32_t start = origin + static_cast<int32_t>(i);
    if (options.clean_text) {
      if (c == 0 || c == 0xFFFD || is_bert_control(c)) continue;
      if (is_bert_whitespace(c)) c = U' ';
    }
    if (options.handle_chinese_chars && is_chinese_char(c)) {
      out.push_back({U' ', start, start + 1});
      out.push_back({c, start, start + 1});
      out.push_back({U' ', start, start + 1});
    } else {
      out.push_back({c, start, start + 1});
    }
  }
}

// NFD: decompose every code point, then put each run of combining marks in canonical order
// (a stable sort by combining class), each mark keeping the span it came from.
AlignedText decompose_canonically(const AlignedText& text) {
  AlignedText out;
  out.reserve(text.size() + text.size() / 4);
  std::u32string pieces;
  for (const AlignedChar& ch : text) {
    pieces.clear();
    unicode::append_canonical_decomposition(pieces, ch.c);
    for (char32_t piece : pieces) out.push_back({piece, ch.start, ch.end});
  }
  for (std::size_t i = 0; i < out.size();) {
    if (out[i].c < 0x300 || unicode::combining_class(out[i].c) == 0) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < out.size() && out[j].c >= 0x300 && unicode::combining_class(out[j].c) != 0) ++j;
    std::stable_sort(out.begin() + i, out.begin() + j,
                     [](const AlignedChar& a, const AlignedChar& b) {
                       return unicode::combining_class(a.c) < unicode::combining_class(b.c);
                     });
    i = j;
  }
  return out;
}

}  // namespace

bool is_chinese_char(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2A700 && c <= 0x2B73F) ||
         (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

AlignedText bert_normalize(std::u32string_view text, int32_t origin,
                           const BertNormalizerOptions& options) {
  AlignedText out;
  out.reserve(text.size());
  clean_and_space_cjk(text, origin, options, out);
  if (options.strip_accents) {
    out = decompose_canonically(out);
    std::erase_if(out, [](const AlignedChar& ch) {
      return ch.c >= 0x300 && unicode::is_nonspacing_mark(ch.c);
    });
  }
  if (options.lowercase) {
    AlignedText lowered;
    lowered.reserve(out.size());
    std::u32string mapped;
    for (const AlignedChar& ch : out) {
      if (ch.c < 0x80) {
        lowered.push_back({ch.c >= U'A' && ch.c <= U'Z' ? ch.c + 32 : ch.c, ch.start, ch.end});
        continue;
      }
      mapped.clear();
      unicode::append_lowercase(mapped, ch.c);
      for (char32_t m : mapped) lowered.push_back({m, ch.start, ch.end});
    }
    out = std::move(lowered);
  }
  return out;
}

}  // namespace attnscope
