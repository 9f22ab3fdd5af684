#include "hub/hub_settings.hpp"

#include <gtest/gtest.h>

#include "hub_files.hpp"
#include "hub_test_env.hpp"

namespace attnscope::hub {
namespace {

using test::HubTest;

TEST_F(HubTest, CacheIsHfHomeHubByDefault) {
  auto settings = hub_settings_from_environment();
  EXPECT_EQ(settings.cache_dir, home_ / "hub");
  EXPECT_EQ(settings.endpoint, "https://huggingface.co");
  EXPECT_EQ(settings.token, "");
  EXPECT_FALSE(settings.offline);
}

TEST_F(HubTest, HfHubCacheWinsOverHfHome) {
  env_.set("HF_HUB_CACHE", "/somewhere/else");
  EXPECT_EQ(hub_settings_from_environment().cache_dir, "/somewhere/else");
}

TEST_F(HubTest, WithoutHfHomeTheCacheIsUnderHomeDotCache) {
  env_.unset("HF_HOME");
  env_.set("HOME", "/home/someone");
  EXPECT_EQ(hub_settings_from_environment().cache_dir, "/home/someone/.cache/huggingface/hub");
  env_.set("XDG_CACHE_HOME", "/xdg");
  EXPECT_EQ(hub_settings_from_environment().cache_dir, "/xdg/huggingface/hub");
}

TEST_F(HubTest, EndpointLosesItsTrailingSlash) {
  env_.set("HF_ENDPOINT", "http://mirror.example/");
  EXPECT_EQ(hub_settings_from_environment().endpoint, "http://mirror.example");
}

TEST_F(HubTest, TokenFromEnvironmentElseTokenFile) {
  test::write_text(home_ / "token", "hf_from_file\n");
  EXPECT_EQ(hub_settings_from_environment().token, "hf_from_file");
  env_.set("HF_TOKEN", " hf_from_env ");
  EXPECT_EQ(hub_settings_from_environment().token, "hf_from_env");
  env_.unset("HF_TOKEN");
  test::write_text(home_ / "elsewhere", "hf_from_token_path");
  env_.set("HF_TOKEN_PATH", (home_ / "elsewhere").string());
  EXPECT_EQ(hub_settings_from_environment().token, "hf_from_token_path");
}

TEST_F(HubTest, OfflineAcceptsTheValuesHuggingfaceHubAccepts) {
  for (const char* yes : {"1", "true", "TRUE", "yes", "on"}) {
    env_.set("HF_HUB_OFFLINE", yes);
    EXPECT_TRUE(hub_settings_from_environment().offline) << yes;
  }
  for (const char* no : {"0", "false", "", "no"}) {
    env_.set("HF_HUB_OFFLINE", no);
    EXPECT_FALSE(hub_settings_from_environment().offline) << no;
  }
}

}  // namespace
}  // namespace attnscope::hub
