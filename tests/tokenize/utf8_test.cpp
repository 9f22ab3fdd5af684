// Decoding is where invalid input is caught: strict UTF-8, errors that name the byte, and
// Python's errors="replace" (one U+FFFD per maximal invalid subpart) with --replace-invalid.
#include "tokenize/utf8.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace attnscope {
namespace {

std::string error_of(std::string_view bytes) {
  try {
    utf8::decode(bytes);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Utf8, DecodesEveryLength) {
  EXPECT_EQ(utf8::decode("a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80"), U"a\u00E9\u4E2D\U0001F600");
  EXPECT_EQ(utf8::encode(U"a\u00E9\u4E2D\U0001F600"), "a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80");
}

TEST(Utf8, ErrorNamesTheByteOffset) {
  EXPECT_NE(error_of("ab\xFF").find("byte 2"), std::string::npos);
  EXPECT_NE(error_of("\xC3\xA9x\xE4\xB8").find("byte 3"), std::string::npos);  // truncated
  EXPECT_NE(error_of("\xC0\xAF").find("byte 0"), std::string::npos);           // overlong
  EXPECT_NE(error_of("ok\xED\xA0\x80").find("byte 2"), std::string::npos);     // surrogate
  EXPECT_NE(error_of("\xF4\x90\x80\x80").find("byte 0"), std::string::npos);   // > U+10FFFF
  EXPECT_NE(error_of("a\xF0\x9F\x98").find("--replace-invalid"), std::string::npos);
}

TEST(Utf8, ReplacesMaximalInvalidSubpartsLikePython) {
  // b"...".decode("utf-8", "replace") gives these.
  EXPECT_EQ(utf8::decode("ab\xFF"
                         "c",
                         true),
            U"ab\uFFFDc");
  EXPECT_EQ(utf8::decode("\xE2\x82", true), U"\uFFFD");
  EXPECT_EQ(utf8::decode("\xF0\x90\x80"
                         "A",
                         true),
            U"\uFFFDA");
  EXPECT_EQ(utf8::decode("\xC0\xAF", true), U"\uFFFD\uFFFD");
  EXPECT_EQ(utf8::decode("\xED\xA0\x80", true), U"\uFFFD\uFFFD\uFFFD");
  EXPECT_EQ(utf8::decode("\x80\x80", true), U"\uFFFD\uFFFD");
}

}  // namespace
}  // namespace attnscope
