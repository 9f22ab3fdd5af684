// The explorer API's JSON errors when the request holds bytes that are not UTF-8 (a path may hold
// any): valid JSON with U+FFFD in their place, never an exception. One thrown from httplib's
// error handler ended the server (found by fuzz_http_request).
#include "web/explorer_api.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace attnscope::web {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

TEST(ExplorerApiErrors, InvalidUtf8InAMessageIsReplaced) {
  const ApiResponse response = json_error(404, "no page or API route GET /\xC6/api/models");
  EXPECT_EQ(response.status, 404);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body.at("error").get<std::string>(),
            "no page or API route GET /" + std::string(kReplacement) + "/api/models");
}

TEST(ExplorerApiErrors, InvalidUtf8InAResultIdIsReplaced) {
  const ExplorerApi api({});
  ApiResponse response;
  ASSERT_NO_THROW(response = api.head("ab\xFF", "0", "0"));
  EXPECT_EQ(response.status, 404);
  const std::string error = nlohmann::json::parse(response.body).at("error");
  EXPECT_NE(error.find("'ab" + std::string(kReplacement) + "'"), std::string::npos) << error;
}

}  // namespace
}  // namespace attnscope::web
