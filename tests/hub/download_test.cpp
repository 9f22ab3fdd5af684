// resolve_model against a local fake Hub: the cache layout, what is (not) requested, resuming,
// locking and the messages a user sees.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "bin_fixtures.hpp"
#include "download_fixture.hpp"
#include "hub_files.hpp"

namespace attnscope::hub {
namespace {

namespace fs = std::filesystem;
using test::file_contents;
using ::testing::HasSubstr;

using test::DownloadTest;
using test::kCommit;
const std::vector<std::string> kBertFiles = {"config.json", "model.safetensors",
                                             "tokenizer_config.json", "vocab.txt"};

TEST_F(DownloadTest, DownloadsIntoTheHuggingfaceHubLayout) {
  auto dir = resolve_model("org/tiny-bert");
  EXPECT_EQ(dir, repo_dir() / "snapshots" / kCommit);
  EXPECT_EQ(file_contents(repo_dir() / "refs" / "main"), kCommit);  // no newline
  for (const auto& file : kBertFiles) {
    SCOPED_TRACE(file);
    ASSERT_TRUE(fs::is_symlink(dir / file));
    EXPECT_EQ(fs::read_symlink(dir / file),
              fs::path("../../blobs") / hub_.etag("org/tiny-bert", file));
    EXPECT_EQ(file_contents(dir / file), file_contents(test::model_fixture("tiny-bert") / file));
  }
  for (const auto& blob : fs::directory_iterator(repo_dir() / "blobs"))
    EXPECT_FALSE(blob.path().string().ends_with(".incomplete"));
  // Tokenizer files the repository lacks are remembered as absent, as huggingface_hub does.
  for (const char* absent : {"vocab.json", "merges.txt", "tokenizer.json"})
    EXPECT_TRUE(fs::exists(repo_dir() / ".no_exist" / kCommit / absent)) << absent;
  // The weights come through the CDN redirect, and only the weights that are read.
  EXPECT_EQ(count("GET /cdn/org/tiny-bert/model.safetensors"), 1);
  EXPECT_EQ(count("HEAD /org/tiny-bert/resolve/" + std::string(kCommit) + "/pytorch_model.bin"), 0);
}

TEST_F(DownloadTest, SecondResolveMakesNoRequest) {
  auto first = resolve_model("org/tiny-bert");
  int requests = hub_.requests();
  EXPECT_GT(requests, 0);
  EXPECT_EQ(resolve_model("org/tiny-bert"), first);
  EXPECT_EQ(resolve_model("org/tiny-bert", {kCommit}), first);
  EXPECT_EQ(hub_.requests(), requests);
}

TEST_F(DownloadTest, SafetensorsIsPreferredAndTheBinIsNeverFetched) {
  auto both = home_ / "both";
  fs::create_directories(both);
  for (const auto& file : kBertFiles)
    fs::copy(test::model_fixture("tiny-bert") / file, both / file);
  test::write_text(both / "pytorch_model.bin", "not needed");
  hub_.add_repo("org/both", both, kCommit);
  auto dir = resolve_model("org/both");
  EXPECT_TRUE(fs::exists(dir / "model.safetensors"));
  EXPECT_FALSE(fs::exists(dir / "pytorch_model.bin"));
  for (const auto& line : hub_.log()) EXPECT_THAT(line, ::testing::Not(HasSubstr("pytorch_model")));
}

TEST_F(DownloadTest, RepositoryWithOnlyABinGetsTheBin) {
  hub_.add_repo("org/tiny-bert-bin", test::bin_fixtures() / "tiny-bert-bin", kCommit);
  auto dir = resolve_model("org/tiny-bert-bin");
  EXPECT_EQ(file_contents(dir / "pytorch_model.bin"),
            file_contents(test::bin_fixtures() / "tiny-bert-bin" / "pytorch_model.bin"));
  EXPECT_FALSE(fs::exists(dir / "model.safetensors"));
  auto no_exist = cache() / "models--org--tiny-bert-bin" / ".no_exist" / kCommit;
  EXPECT_TRUE(fs::exists(no_exist / "model.safetensors"));
  EXPECT_TRUE(fs::exists(no_exist / "model.safetensors.index.json"));
  int requests = hub_.requests();
  resolve_model("org/tiny-bert-bin");
  EXPECT_EQ(hub_.requests(), requests);
}

TEST_F(DownloadTest, ShardedSafetensorsFetchesTheIndexAndEveryShard) {
  auto sharded = home_ / "sharded";
  fs::create_directories(sharded);
  fs::copy(test::model_fixture("tiny-bert") / "config.json", sharded / "config.json");
  test::write_text(sharded / "model.safetensors.index.json",
                   R"({"metadata": {}, "weight_map": {"a": "model-00001-of-00002.safetensors",)"
                   R"( "b": "model-00002-of-00002.safetensors"}})");
  test::write_text(sharded / "model-00001-of-00002.safetensors", "first");
  test::write_text(sharded / "model-00002-of-00002.safetensors", "second");
  hub_.add_repo("org/sharded", sharded, kCommit);
  auto dir = resolve_model("org/sharded");
  EXPECT_EQ(file_contents(dir / "model-00001-of-00002.safetensors"), "first");
  EXPECT_EQ(file_contents(dir / "model-00002-of-00002.safetensors"), "second");
}

TEST_F(DownloadTest, ShardedBinFetchesTheIndexAndEveryShard) {
  const auto source = test::bin_fixtures() / "tiny-gpt2-bin-sharded";
  hub_.add_repo("org/gpt2-bin-sharded", source, kCommit);
  auto dir = resolve_model("org/gpt2-bin-sharded");
  for (const char* shard : {"pytorch_model-00001-of-00002.bin", "pytorch_model-00002-of-00002.bin"})
    EXPECT_EQ(file_contents(dir / shard), file_contents(source / shard)) << shard;
  EXPECT_FALSE(fs::exists(dir / "pytorch_model.bin"));
  int requests = hub_.requests();
  resolve_model("org/gpt2-bin-sharded");  // complete in the cache: no request
  EXPECT_EQ(hub_.requests(), requests);
}

TEST_F(DownloadTest, ShardNamesCannotLeaveTheSnapshot) {
  auto hostile = home_ / "hostile";
  fs::create_directories(hostile);
  fs::copy(test::model_fixture("tiny-bert") / "config.json", hostile / "config.json");
  test::write_text(hostile / "model.safetensors.index.json",
                   R"({"weight_map": {"a": "../../../escaped.safetensors"}})");
  hub_.add_repo("org/hostile", hostile, kCommit);
  EXPECT_THAT(error_of("org/hostile"), HasSubstr("not a plain file name"));
  EXPECT_FALSE(fs::exists(cache() / "models--org--hostile" / "escaped.safetensors"));
  EXPECT_EQ(count("HEAD /org/hostile/resolve/" + std::string(kCommit) + "/.."), 0);
}

TEST_F(DownloadTest, HandLaidCacheIsUsedOffline) {
  // Exactly what huggingface_hub leaves behind: blobs named by ETag, relative snapshot links.
  auto repo = cache() / "models--google-bert--bert-tiny";
  for (const auto& file : kBertFiles) {
    auto blob = repo / "blobs" / ("etag-of-" + file);
    fs::create_directories(blob.parent_path());
    fs::copy_file(test::model_fixture("tiny-bert") / file, blob);
    auto link = repo / "snapshots" / kCommit / file;
    fs::create_directories(link.parent_path());
    fs::create_symlink(fs::path("../../blobs") / ("etag-of-" + file), link);
  }
  test::write_text(repo / "refs" / "main", kCommit);
  env_.set("HF_HUB_OFFLINE", "1");
  auto dir = resolve_model("google-bert/bert-tiny");
  EXPECT_EQ(dir, repo / "snapshots" / kCommit);
  EXPECT_EQ(file_contents(dir / "vocab.txt"),
            file_contents(test::model_fixture("tiny-bert") / "vocab.txt"));
  EXPECT_EQ(resolve_model("google-bert/bert-tiny", {kCommit}), dir);
  EXPECT_EQ(hub_.requests(), 0);
}

TEST_F(DownloadTest, DroppedDownloadLeavesNoBlobAndTheNextRunResumes) {
  hub_.drop_next_download();
  EXPECT_THAT(error_of("org/tiny-bert"), HasSubstr("run the command again"));
  auto etag = hub_.etag("org/tiny-bert", "model.safetensors");
  auto blob = repo_dir() / "blobs" / etag;
  EXPECT_FALSE(fs::exists(blob));
  EXPECT_FALSE(fs::exists(repo_dir() / "snapshots" / kCommit / "model.safetensors"));
  auto partial = fs::path(blob.string() + ".incomplete");
  ASSERT_TRUE(fs::exists(partial));
  auto full = fs::file_size(test::model_fixture("tiny-bert") / "model.safetensors");
  auto have = fs::file_size(partial);
  EXPECT_GT(have, 0u);
  EXPECT_LT(have, full);

  auto dir = resolve_model("org/tiny-bert");
  EXPECT_EQ(file_contents(dir / "model.safetensors"),
            file_contents(test::model_fixture("tiny-bert") / "model.safetensors"));
  EXPECT_FALSE(fs::exists(partial));
  EXPECT_EQ(count("GET /cdn/org/tiny-bert/model.safetensors bytes=" + std::to_string(have) + "-"),
            1);
}

TEST_F(DownloadTest, ConcurrentDownloadsOfOneModelShareTheCache) {
  std::vector<fs::path> dirs(4);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (auto& dir : dirs)
    threads.emplace_back([&dir, &failures] {
      try {
        dir = resolve_model("org/tiny-bert");
      } catch (const Error& error) {
        ++failures;
        ADD_FAILURE() << error.what();
      }
    });
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(failures, 0);
  for (const auto& dir : dirs) EXPECT_EQ(dir, repo_dir() / "snapshots" / kCommit);
  EXPECT_EQ(file_contents(dirs[0] / "model.safetensors"),
            file_contents(test::model_fixture("tiny-bert") / "model.safetensors"));
  for (const auto& blob : fs::directory_iterator(repo_dir() / "blobs"))
    EXPECT_FALSE(blob.path().string().ends_with(".incomplete"));
}

TEST_F(DownloadTest, RepositoryWithoutOrganisation) {
  hub_.add_repo("tiny-gpt2", test::model_fixture("tiny-gpt2"), kCommit);
  auto dir = resolve_model("tiny-gpt2");
  EXPECT_EQ(dir, cache() / "models--tiny-gpt2" / "snapshots" / kCommit);
  EXPECT_TRUE(fs::exists(dir / "merges.txt"));
  EXPECT_TRUE(fs::exists(dir / "vocab.json"));
}

TEST_F(DownloadTest, TagRevisionIsRecordedInRefs) {
  auto dir = resolve_model("org/tiny-bert", {"v1"});
  EXPECT_EQ(file_contents(repo_dir() / "refs" / "v1"), kCommit);
  EXPECT_FALSE(fs::exists(repo_dir() / "refs" / "main"));
  EXPECT_EQ(dir, repo_dir() / "snapshots" / kCommit);
}

TEST_F(DownloadTest, UnknownRepositoryIsNotFound) {
  auto message = error_of("org/no-such-model");
  EXPECT_THAT(message, HasSubstr("'org/no-such-model' was not found"));
  EXPECT_THAT(message, HasSubstr("404"));
  EXPECT_FALSE(fs::exists(cache() / "models--org--no-such-model" / "snapshots"));
}

TEST_F(DownloadTest, UnknownRevisionNamesIt) {
  EXPECT_THAT(error_of("org/tiny-bert", "no-such-branch"),
              HasSubstr("has no revision 'no-such-branch'"));
}

TEST_F(DownloadTest, GatedRepositoryAsksForHfToken) {
  hub_.add_repo("org/gated", test::model_fixture("tiny-bert"), kCommit, true);
  auto message = error_of("org/gated");
  EXPECT_THAT(message, HasSubstr("401"));
  EXPECT_THAT(message, HasSubstr("set HF_TOKEN"));
  env_.set("HF_TOKEN", "hf_wrong");
  EXPECT_THAT(error_of("org/gated"), HasSubstr("no access"));

  env_.set("HF_TOKEN", test::FakeHub::kToken);
  EXPECT_TRUE(fs::exists(resolve_model("org/gated") / "model.safetensors"));
  EXPECT_GT(count(std::string("HEAD /org/gated/resolve/main/config.json Bearer ") +
                  test::FakeHub::kToken),
            0);
}

TEST_F(DownloadTest, TokenFileIsSentAsBearer) {
  hub_.add_repo("org/gated", test::model_fixture("tiny-bert"), kCommit, true);
  test::write_text(home_ / "token", std::string(test::FakeHub::kToken) + "\n");
  EXPECT_TRUE(fs::exists(resolve_model("org/gated") / "config.json"));
}

TEST_F(DownloadTest, OfflineWithEmptyCacheFailsAtOnceWithoutRequests) {
  env_.set("HF_HUB_OFFLINE", "1");
  auto message = error_of("org/tiny-bert");
  EXPECT_THAT(message, HasSubstr("HF_HUB_OFFLINE=1"));
  EXPECT_THAT(message, HasSubstr("is empty"));
  EXPECT_EQ(hub_.requests(), 0);
}

TEST_F(DownloadTest, NoNetworkSaysSoAndListsTheCache) {
  resolve_model("org/tiny-bert");
  int unused_port;
  {
    test::FakeHub closed;
    unused_port = std::stoi(closed.endpoint().substr(closed.endpoint().rfind(':') + 1));
  }
  env_.set("HF_ENDPOINT", "http://127.0.0.1:" + std::to_string(unused_port));
  auto message = error_of("org/other-model");
  EXPECT_THAT(message, HasSubstr("offline"));
  EXPECT_THAT(message, HasSubstr("has org/tiny-bert"));
  // The cached one still works without a network.
  EXPECT_EQ(resolve_model("org/tiny-bert"), repo_dir() / "snapshots" / kCommit);
}

TEST_F(DownloadTest, FoldersAreUsedAsTheyAre) {
  EXPECT_EQ(resolve_model(test::model_fixture("tiny-bert").string()),
            test::model_fixture("tiny-bert"));
  EXPECT_THAT(error_of("./no/such/folder"), HasSubstr("neither a folder nor a Hub id"));
  EXPECT_EQ(hub_.requests(), 0);
}

}  // namespace
}  // namespace attnscope::hub
