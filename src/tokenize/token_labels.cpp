#include "tokenize/token_labels.hpp"

#include <utf8proc.h>

#include <cstdio>

#include "tokenize/utf8.hpp"

namespace attnscope {

namespace {

// Length of the well-formed UTF-8 character at `p` (RFC 3629: no overlongs, no surrogates), or 0.
std::size_t character_length(std::string_view s, std::size_t p) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(p);
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xbf;  // the range of the second byte
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf)
    length = 2;
  else if (lead >= 0xe0 && lead <= 0xef)
    length = 3, low = lead == 0xe0 ? 0xa0 : 0x80, high = lead == 0xed ? 0x9f : 0xbf;
  else if (lead >= 0xf0 && lead <= 0xf4)
    length = 4, low = lead == 0xf0 ? 0x90 : 0x80, high = lead == 0xf4 ? 0x8f : 0xbf;
  else
    return 0;
  if (p + length > s.size()) return 0;
  if (byte(p + 1) < low || byte(p + 1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i)
    if (byte(p + i) < 0x80 || byte(p + i) > 0xbf) return 0;
  return length;
}

// Letters, marks and digits: a piece that starts with one right after a piece that ends with one
// continues a word.
bool is_word_character(char32_t c) {
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(c))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

bool starts_a_word_piece(std::string_view text) {
  const auto code_points = utf8::decode(text, true);
  return !code_points.empty() && is_word_character(code_points.front());
}

bool ends_a_word_piece(std::string_view text) {
  const auto code_points = utf8::decode(text, true);
  return !code_points.empty() && is_word_character(code_points.back());
}

}  // namespace

std::string readable_label(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\r')
      out += "\\r";
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      // Other control bytes (GPT-2 has a piece for each, NUL included) as the bytes they are.
      char hex[8];
      std::snprintf(hex, sizeof hex, "<%02x>", static_cast<unsigned char>(c));
      out += hex;
    } else
      out += c;
  }
  const std::size_t first = out.find_first_not_of(' ');
  if (first == std::string::npos) return out.empty() ? "\u2205" : "\u2423";  // ∅ / ␣
  return out.substr(first);
}

std::vector<std::string> byte_level_labels(const std::vector<std::string>& bytes,
                                           const std::vector<std::string>& pieces,
                                           const std::vector<bool>& special) {
  const std::size_t n = bytes.size();
  std::vector<std::string> text(n), labels(n);
  std::vector<bool> continues_only(n, false);
  for (std::size_t run = 0; run < n;) {
    if (special[run]) {
      labels[run] = pieces[run];
      ++run;
      continue;
    }
    // A run of ordinary pieces: characters may span them, never a special token.
    std::size_t end = run;
    std::string stream;
    std::vector<std::size_t> starts;
    for (; end < n && !special[end]; ++end) {
      starts.push_back(stream.size());
      stream += bytes[end];
    }
    starts.push_back(stream.size());
    std::size_t piece = run;
    bool in_bytes = false;  // the last thing written to text[piece] was a stray byte
    for (std::size_t p = 0; p < stream.size();) {
      while (starts[piece - run + 1] <= p) ++piece, in_bytes = false;
      const std::size_t length = character_length(stream, p);
      if (length > 0) {
        text[piece] += stream.substr(p, length);  // on the piece the character starts in
        in_bytes = false;
        p += length;
        continue;
      }
      char hex[8];
      std::snprintf(hex, sizeof hex, "%02x", static_cast<unsigned char>(stream[p]));
      if (in_bytes)
        text[piece].insert(text[piece].size() - 1, std::string(" ") + hex);
      else
        text[piece] += std::string("<") + hex + ">";
      in_bytes = true;
      ++p;
    }
    for (std::size_t i = run; i < end; ++i) {
      if (text[i].empty()) {
        continues_only[i] = !bytes[i].empty();
        labels[i] = continues_only[i] ? kContinuesCharacter : readable_label("");
        continue;
      }
      const bool inside_word = i > run && !continues_only[i - 1] && text[i].front() != ' ' &&
                               ends_a_word_piece(text[i - 1]) && starts_a_word_piece(text[i]);
      labels[i] = (inside_word ? "##" : "") + readable_label(text[i]);
    }
    run = end;
  }
  return labels;
}

}  // namespace attnscope
