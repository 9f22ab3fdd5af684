// Host and Origin as the explorer judges them: its own address and port only, however written.
#include "web/allowed_origins.hpp"

#include <gtest/gtest.h>

namespace attnscope::web {
namespace {

TEST(AllowedOrigins, HostsNamingThisServer) {
  const AllowedOrigins origins("explorer.internal", 8080);
  for (const char* host : {"explorer.internal:8080", "EXPLORER.internal:8080", "localhost:8080",
                           "127.0.0.1:8080", "[::1]:8080", "192.168.1.5:8080"}) {
    EXPECT_EQ(origins.refusal(host, std::nullopt), std::nullopt) << host;
  }
  for (const char* host : {"evil.example.com:8080", "explorer.internal:8081", "explorer.internal",
                           "explorer.internal.evil.com:8080", "127.0.0.1:80808", "[::1]", ""}) {
    EXPECT_NE(origins.refusal(host, std::nullopt), std::nullopt) << host;
  }
}

TEST(AllowedOrigins, OriginsOfThisServersPage) {
  const AllowedOrigins origins("::1", 80);
  EXPECT_EQ(origins.refusal("[::1]", "http://[::1]"), std::nullopt);
  EXPECT_EQ(origins.refusal("[::1]:80", "http://localhost"), std::nullopt);
  for (const char* origin : {"http://evil.example.com", "null", "https://[::1]", "http://[::1]:81",
                             "http://", "file://"}) {
    const auto why = origins.refusal("[::1]", origin);
    ASSERT_NE(why, std::nullopt) << origin;
    EXPECT_NE(why->find(origin), std::string::npos) << *why;
  }
}

TEST(AllowedOrigins, APageOnAnotherAddressIsAnotherSite) {
  const AllowedOrigins origins("127.0.0.1", 8080);
  EXPECT_EQ(origins.refusal("127.0.0.1:8080", "http://127.0.0.1:8080"), std::nullopt);
  EXPECT_EQ(origins.refusal("127.0.0.1:8080", "http://127.3.2.1:8080"), std::nullopt);
  // The same port on a public address is somebody else's server: it may not post here.
  for (const char* origin :
       {"http://203.0.113.9:8080", "http://10.0.0.2:8080", "http://[2001:db8::1]:8080"}) {
    const auto why = origins.refusal("127.0.0.1:8080", origin);
    ASSERT_NE(why, std::nullopt) << origin;
    EXPECT_NE(why->find(origin), std::string::npos) << *why;
  }
  // As a Host, an address is still accepted: a rebound name never arrives as one.
  EXPECT_EQ(origins.refusal("10.0.0.2:8080", std::nullopt), std::nullopt);
}

}  // namespace
}  // namespace attnscope::web
