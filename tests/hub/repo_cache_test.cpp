#include "hub/repo_cache.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "core/error.hpp"
#include "hub_test_env.hpp"

namespace attnscope::hub {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr const char* kCommit = "0123456789abcdef0123456789abcdef01234567";

class RepoCacheTest : public test::HubTest {
 protected:
  fs::path repo_dir() const { return cache() / "models--org--name"; }
  std::string error_of(const std::function<void()>& use) {
    try {
      use();
    } catch (const Error& error) {
      return error.what();
    }
    return "";
  }
  RepoCache repo() const { return RepoCache(cache(), "org/name"); }
};

TEST_F(RepoCacheTest, PathsFollowTheHuggingfaceHubLayout) {
  EXPECT_EQ(repo().blob("abc"), repo_dir() / "blobs" / "abc");
  EXPECT_EQ(repo().snapshot(kCommit), repo_dir() / "snapshots" / kCommit);
  EXPECT_EQ(repo().snapshot_file(kCommit, "sub/config.json"),
            repo_dir() / "snapshots" / kCommit / "sub" / "config.json");
  EXPECT_EQ(repo().lock("abc"), cache() / ".locks" / "models--org--name" / "abc.lock");
  repo().write_ref("refs/pr/1", kCommit);
  EXPECT_EQ(repo().commit_for("refs/pr/1"), kCommit);
}

TEST_F(RepoCacheTest, NoNameLeadsOutsideItsFolder) {
  const std::string nul("main\0/../../../x", 16);
  const std::vector<std::pair<const char*, std::function<void()>>> uses = {
      {"blob", [&] { repo().blob("../../../x"); }},
      {"snapshot", [&] { repo().snapshot("/tmp/x"); }},
      {"snapshot file", [&] { repo().snapshot_file(kCommit, "../../../../x"); }},
      {"lock", [&] { repo().lock("../x"); }},
      {"ref read", [&] { repo().commit_for("../../../x"); }},
      {"ref write", [&] { repo().write_ref("../../../x", kCommit); }},
      {"absolute ref", [&] { repo().write_ref((home_ / "x").string(), kCommit); }},
      {"NUL ref", [&] { repo().write_ref(nul, kCommit); }},
      {"missing commit", [&] { repo().mark_missing("../../../x", "config.json"); }},
      {"missing file", [&] { repo().mark_missing(kCommit, "../../../../../x"); }},
      {"known missing", [&] { repo().known_missing("..", "x"); }},
      {"link", [&] { repo().link_snapshot_file(kCommit, "../../x", "abc"); }},
  };
  for (const auto& [what, use] : uses) {
    auto message = error_of(use);
    EXPECT_THAT(message, HasSubstr("would lead outside")) << what;
    EXPECT_EQ(message.find('\0'), std::string::npos) << what;
  }
  EXPECT_FALSE(fs::exists(home_ / "x"));
  EXPECT_FALSE(fs::exists(cache() / "x"));
  EXPECT_FALSE(fs::exists(repo_dir() / "x"));
}

}  // namespace
}  // namespace attnscope::hub
