#include "hub/sha256.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "hub_files.hpp"
#include "hub_test_env.hpp"

namespace attnscope::hub {
namespace {

using test::HubTest;

// The FIPS 180-2 examples, and a file that takes several reads (its hash from sha256sum).
TEST_F(HubTest, Sha256OfFilesMatchesTheStandardsVectors) {
  test::write_text(home_ / "empty", "");
  EXPECT_EQ(sha256_of_file(home_ / "empty"),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  test::write_text(home_ / "abc", "abc");
  EXPECT_EQ(sha256_of_file(home_ / "abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  test::write_text(home_ / "million", std::string(1000000, 'a'));
  EXPECT_EQ(sha256_of_file(home_ / "million"),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  test::write_text(home_ / "several-reads", std::string((3 << 20) + 1, 'a'));
  EXPECT_EQ(sha256_of_file(home_ / "several-reads"),
            "2b98b70051781969f52a33c9cd0e8392bb7a634a92a3be4597b25e13feb41ee6");
  EXPECT_THROW(sha256_of_file(home_ / "missing"), Error);
}

TEST(Sha256, HexShapeIsSixtyFourLowercaseDigits) {
  EXPECT_TRUE(is_sha256_hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  EXPECT_FALSE(is_sha256_hex("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"));
  EXPECT_FALSE(is_sha256_hex("0123456789abcdef0123456789abcdef01234567"));  // a git sha1
  EXPECT_FALSE(is_sha256_hex("lfs0123"));
}

}  // namespace
}  // namespace attnscope::hub
