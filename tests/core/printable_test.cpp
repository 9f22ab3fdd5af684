#include "core/printable.hpp"

#include <gtest/gtest.h>

#include <string>

namespace attnscope {
namespace {

TEST(Printable, EscapesEveryByteOutsidePrintableAscii) {
  EXPECT_EQ(printable(std::string("a\0b\nc\x7f", 6)), "a\\x00b\\x0ac\\x7f");
  EXPECT_EQ(printable("refs/pr/1"), "refs/pr/1");
  EXPECT_EQ(printable("back\\slash \xc3\xa9"), "back\\x5cslash \\xc3\\xa9");
}

}  // namespace
}  // namespace attnscope
