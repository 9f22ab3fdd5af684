#pragma once
// GPT-2's byte-level alphabet: every byte stands for one printable code point, so that BPE
// works on any text (bytes that are printable map to themselves; the others, space and control
// bytes among them, to U+0100 and up, which is why a space shows as "Ġ" and a newline as "Ċ").
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace attnscope::byte_level {

// The code point byte `b` stands for.
char32_t char_for_byte(unsigned char b);
// The byte code point `c` stands for, if it is one of the 256.
std::optional<unsigned char> byte_for_char(char32_t c);
// "Ġcat" -> " cat". Code points outside the alphabet (an added token's text) pass through.
std::string to_bytes(std::string_view token);

}  // namespace attnscope::byte_level
