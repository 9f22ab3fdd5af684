#pragma once
// resolve_model against a local fake Hub serving the tiny BERT fixture as org/tiny-bert, in a
// fresh HF_HOME: the fixture the download tests share.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "fake_hub.hpp"
#include "hub/resolve.hpp"
#include "hub_test_env.hpp"
#include "support/fixtures.hpp"

namespace attnscope::test {

inline constexpr const char* kCommit = "0123456789abcdef0123456789abcdef01234567";

class DownloadTest : public HubTest {
 protected:
  void SetUp() override {
    HubTest::SetUp();
    hub_.add_repo("org/tiny-bert", model_fixture("tiny-bert"), kCommit);
    env_.set("HF_ENDPOINT", hub_.endpoint());
  }
  std::filesystem::path repo_dir() const { return cache() / "models--org--tiny-bert"; }
  std::string error_of(const std::string& spec, const std::string& revision = "main") {
    try {
      hub::resolve_model(spec, {revision});
    } catch (const Error& error) {
      return error.what();
    }
    ADD_FAILURE() << "resolve_model(" << spec << ") did not fail";
    return "";
  }
  int count(const std::string& prefix) const {
    auto log = hub_.log();
    return static_cast<int>(std::count_if(
        log.begin(), log.end(), [&](const std::string& line) { return line.starts_with(prefix); }));
  }

  FakeHub hub_;
};

}  // namespace attnscope::test
