#include "tokenize/byte_level.hpp"

#include "tokenize/utf8.hpp"

namespace attnscope::byte_level {
namespace {

bool maps_to_itself(int b) {
  return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
}

struct Alphabet {
  std::array<char32_t, 256> chars{};
  Alphabet() {
    char32_t next = 0x100;  // the bytes that are not printable, in byte order, from U+0100
    for (int b = 0; b < 256; ++b) chars[b] = maps_to_itself(b) ? static_cast<char32_t>(b) : next++;
  }
};

const Alphabet& alphabet() {
  static const Alphabet instance;
  return instance;
}

}  // namespace

char32_t char_for_byte(unsigned char b) { return alphabet().chars[b]; }

std::optional<unsigned char> byte_for_char(char32_t c) {
  if (c < 0x100 && maps_to_itself(static_cast<int>(c))) return static_cast<unsigned char>(c);
  if (c >= 0x100 && c < 0x100 + 68) {
    for (int b = 0; b < 256; ++b) {
      if (alphabet().chars[b] == c) return static_cast<unsigned char>(b);
    }
  }
  return std::nullopt;
}

std::string to_bytes(std::string_view token) {
  std::string out;
  for (char32_t c : utf8::decode(token, true)) {
    if (const auto b = byte_for_char(c)) {
      out.push_back(static_cast<char>(*b));
    } else {
      utf8::append(out, c);
    }
  }
  return out;
}

}  // namespace attnscope::byte_level
