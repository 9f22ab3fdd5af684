// What a hostile or broken Hub (or --revision) must not achieve: files written outside the
// cache, the token sent to another host, a URL other than http(s) fetched, a cut or corrupted
// download cached as complete.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "download_fixture.hpp"
#include "hub_files.hpp"

namespace attnscope::hub {
namespace {

namespace fs = std::filesystem;
using test::DownloadTest;
using test::file_contents;
using test::kCommit;
using ::testing::HasSubstr;
using ::testing::Not;

class HostileHubTest : public DownloadTest {
 protected:
  // Everything under HF_HOME but the cache itself: what an attack would have created.
  std::vector<fs::path> outside_the_cache() const {
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(home_))
      if (entry.path() != cache()) found.push_back(entry.path());
    return found;
  }
  fs::path weights_blob() const {
    return repo_dir() / "blobs" / hub_.etag("org/tiny-bert", "model.safetensors");
  }
};

TEST_F(HostileHubTest, MissingFileCommitThatIsAPathIsRefused) {
  // org/tiny-bert has no special_tokens_map.json: its 404 names the "commit" it is missing at.
  hub_.answer_missing_files_with_commit("../../../outside");
  EXPECT_THAT(error_of("org/tiny-bert"), HasSubstr("X-Repo-Commit"));
  EXPECT_EQ(outside_the_cache(), std::vector<fs::path>{});
  EXPECT_FALSE(fs::exists(repo_dir() / ".no_exist"));
}

TEST_F(HostileHubTest, MissingFileCommitCannotReplaceACachedFile) {
  auto config = resolve_model("org/tiny-bert") / "config.json";
  auto original = file_contents(config);
  // The same repository without its config.json, asked at another revision so that the cache
  // does not answer: the 404 points the .no_exist marker at the cached config.json.
  auto empty = home_ / "empty-repo";
  fs::create_directories(empty);
  hub_.add_repo("org/tiny-bert", empty, kCommit);
  hub_.answer_missing_files_with_commit("../snapshots/" + std::string(kCommit));
  EXPECT_THAT(error_of("org/tiny-bert", "v1"), HasSubstr("X-Repo-Commit"));
  EXPECT_EQ(file_contents(config), original);
  EXPECT_TRUE(fs::is_symlink(config));
}

TEST_F(HostileHubTest, RevisionThatIsAPathIsRefusedBeforeAnyRequest) {
  hub_.accept_any_revision();  // a Hub that would answer them all
  const auto absolute = home_ / "absolute-victim";
  for (const std::string& revision :
       {std::string("../../../victim"), absolute.string(), std::string("refs/../../../../victim"),
        std::string("main\0/../../../victim", 21)}) {
    SCOPED_TRACE(revision);
    auto message = error_of("org/tiny-bert", revision);
    EXPECT_THAT(message, HasSubstr("--revision"));
    EXPECT_THAT(message, Not(HasSubstr(std::string(1, '\0'))));
  }
  EXPECT_EQ(outside_the_cache(), std::vector<fs::path>{});
  EXPECT_EQ(hub_.requests(), 0);
  // Branch names with slashes stay valid.
  EXPECT_EQ(resolve_model("org/tiny-bert", {"refs/pr/1"}), repo_dir() / "snapshots" / kCommit);
  EXPECT_EQ(file_contents(repo_dir() / "refs" / "refs" / "pr" / "1"), kCommit);
}

TEST_F(HostileHubTest, TokenGoesToTheEndpointButNotToTheHostItRedirectsTo) {
  test::FakeHub cdn("127.0.0.2");  // another host (and port): the Hub's CDN, or an attacker
  cdn.add_repo("org/gated", test::model_fixture("tiny-bert"), kCommit);
  hub_.add_repo("org/gated", test::model_fixture("tiny-bert"), kCommit, true);
  hub_.redirect_weights_to(cdn.endpoint() + "/cdn");
  env_.set("HF_TOKEN", test::FakeHub::kToken);
  auto dir = resolve_model("org/gated");
  EXPECT_EQ(file_contents(dir / "model.safetensors"),
            file_contents(test::model_fixture("tiny-bert") / "model.safetensors"));
  const std::string bearer = std::string("Bearer ") + test::FakeHub::kToken;
  EXPECT_EQ(count("HEAD /org/gated/resolve/main/config.json " + bearer), 1);
  EXPECT_EQ(
      count("HEAD /org/gated/resolve/" + std::string(kCommit) + "/model.safetensors " + bearer), 1);
  EXPECT_EQ(cdn.log(), std::vector<std::string>{"GET /cdn/org/gated/model.safetensors"});
}

TEST_F(HostileHubTest, EndpointOtherThanHttpIsRefused) {
  env_.set("HF_ENDPOINT", "file:///etc/passwd");
  auto message = error_of("org/tiny-bert");
  EXPECT_THAT(message, HasSubstr("only http and https"));
  EXPECT_THAT(message, HasSubstr("HF_ENDPOINT"));
  EXPECT_FALSE(fs::exists(repo_dir() / "blobs"));
}

TEST_F(HostileHubTest, RedirectToAFileUrlIsRefused) {
  // A file:// copy of the very weights, so that only the scheme can stop it.
  auto files = home_ / "files";
  fs::create_directories(files / "org" / "tiny-bert");
  fs::copy_file(test::model_fixture("tiny-bert") / "model.safetensors",
                files / "org" / "tiny-bert" / "model.safetensors");
  hub_.redirect_weights_to("file://" + files.string());
  EXPECT_THAT(error_of("org/tiny-bert"), HasSubstr("only http and https"));
  EXPECT_FALSE(fs::exists(weights_blob()));
  EXPECT_FALSE(fs::exists(repo_dir() / "snapshots" / kCommit / "model.safetensors"));
}

TEST_F(HostileHubTest, SmallFileCutWithoutContentLengthIsNeverCached) {
  hub_.cut_small_files();
  for (int run = 0; run < 2; ++run) {
    SCOPED_TRACE(run);
    auto message = error_of("org/tiny-bert");
    EXPECT_THAT(message, HasSubstr("config.json came without its length"));
    EXPECT_THAT(message, HasSubstr("run the command again"));
    EXPECT_FALSE(fs::exists(repo_dir() / "snapshots" / kCommit / "config.json"));
    EXPECT_FALSE(fs::exists(repo_dir() / "blobs" / hub_.etag("org/tiny-bert", "config.json")));
  }
}

TEST_F(HostileHubTest, WeightsThatDoNotMatchTheirSha256AreRefused) {
  hub_.zero_weights();  // the right size, the wrong bytes
  auto message = error_of("org/tiny-bert");
  EXPECT_THAT(message, HasSubstr("sha256"));
  EXPECT_THAT(message, HasSubstr(hub_.etag("org/tiny-bert", "model.safetensors")));
  EXPECT_FALSE(fs::exists(weights_blob()));
  EXPECT_FALSE(fs::exists(weights_blob().string() + ".incomplete"));
  EXPECT_FALSE(fs::exists(repo_dir() / "snapshots" / kCommit / "model.safetensors"));
}

TEST_F(HostileHubTest, RedirectWithoutLinkedSizeStillDownloads) {
  hub_.omit_linked_size();
  auto dir = resolve_model("org/tiny-bert");
  EXPECT_EQ(file_contents(dir / "model.safetensors"),
            file_contents(test::model_fixture("tiny-bert") / "model.safetensors"));
}

}  // namespace
}  // namespace attnscope::hub
