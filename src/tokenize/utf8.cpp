#include "tokenize/utf8.hpp"

#include <cstdint>

#include "core/error.hpp"

namespace attnscope::utf8 {
namespace {

// Length of the valid sequence starting at `i`, or the length of the maximal invalid prefix
// (at least 1) negated. The second byte's range depends on the lead byte (Unicode Table 3-7).
int sequence_length(std::string_view s, std::size_t i, char32_t& out) {
  const auto byte = [&](std::size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t lead = byte(i);
  if (lead < 0x80) {
    out = lead;
    return 1;
  }
  int length;
  uint8_t low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return -1;
  }
  char32_t value = lead & (0xFF >> (length + 1));
  for (int k = 1; k < length; ++k) {
    if (i + k >= s.size()) return -k;
    const uint8_t next = byte(i + k);
    const uint8_t lo = k == 1 ? low : 0x80;
    const uint8_t hi = k == 1 ? high : 0xBF;
    if (next < lo || next > hi) return -k;
    value = (value << 6) | (next & 0x3F);
  }
  out = value;
  return length;
}

}  // namespace

std::u32string decode(std::string_view bytes, bool replace_invalid) {
  std::u32string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    char32_t code_point = 0;
    const int length = sequence_length(bytes, i, code_point);
    if (length > 0) {
      out.push_back(code_point);
      i += length;
      continue;
    }
    if (!replace_invalid) {
      throw Error("invalid UTF-8 at byte " + std::to_string(i) +
                  " of the input text; fix the encoding or pass --replace-invalid");
    }
    out.push_back(U'\uFFFD');
    i += -length;
  }
  return out;
}

void append(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

std::string encode(std::u32string_view code_points) {
  std::string out;
  out.reserve(code_points.size());
  for (char32_t c : code_points) append(out, c);
  return out;
}

}  // namespace attnscope::utf8
