#pragma once
// Each hub test runs against its own temporary HF_HOME and a clean Hugging Face environment,
// restored afterwards.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace attnscope::test {

class ScopedEnvironment {
 public:
  void set(const std::string& name, const std::string& value) {
    remember(name);
    ::setenv(name.c_str(), value.c_str(), 1);
  }
  void unset(const std::string& name) {
    remember(name);
    ::unsetenv(name.c_str());
  }
  ~ScopedEnvironment() {
    for (const auto& [name, value] : saved_) {
      if (value)
        ::setenv(name.c_str(), value->c_str(), 1);
      else
        ::unsetenv(name.c_str());
    }
  }

 private:
  void remember(const std::string& name) {
    if (saved_.count(name)) return;
    const char* value = std::getenv(name.c_str());
    saved_[name] = value ? std::optional<std::string>(value) : std::nullopt;
  }
  std::map<std::string, std::optional<std::string>> saved_;
};

// A fresh HF_HOME under the system temp folder, removed at the end.
class HubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto info = ::testing::UnitTest::GetInstance()->current_test_info();
    home_ = std::filesystem::temp_directory_path() /
            ("attnscope-hub-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(home_);
    std::filesystem::create_directories(home_);
    for (const char* name :
         {"HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN",
          "HF_TOKEN_PATH", "HF_HUB_OFFLINE", "HF_ENDPOINT", "XDG_CACHE_HOME"})
      env_.unset(name);
    env_.set("HF_HOME", home_.string());
  }
  void TearDown() override { std::filesystem::remove_all(home_); }

  std::filesystem::path cache() const { return home_ / "hub"; }

  std::filesystem::path home_;
  ScopedEnvironment env_;
};

}  // namespace attnscope::test
