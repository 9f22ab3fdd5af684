// The acceptance path: `attnscope extract --model org/name` downloads into the Hub cache and
// gives Hugging Face's attentions; the same from a cache laid out by hand, from
// pytorch_model.bin, after a dropped download; and one clear line when it cannot.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "bin_fixtures.hpp"
#include "fake_hub.hpp"
#include "hub_files.hpp"
#include "hub_test_env.hpp"
#include "io/safetensors.hpp"
#include "run_attnscope.hpp"
#include "support/fixtures.hpp"

namespace attnscope::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr const char* kCommit = "89abcdef0123456789abcdef0123456789abcdef";

// The text of a golden_tiny entry ("tiny-bert.0").
std::string golden_text(const std::string& key) {
  std::ifstream in(golden_dir() / "manifest.json");
  auto manifest = nlohmann::json::parse(in);
  for (const auto& entry : manifest["entries"]["tiny"])
    if (entry["key"] == key) return entry["text"];
  ADD_FAILURE() << "no golden entry " << key;
  return "";
}

class ExtractFromHubTest : public HubTest {
 protected:
  void SetUp() override {
    HubTest::SetUp();
    env_.set("HF_ENDPOINT", hub_.endpoint());
  }

  RunResult extract(const std::string& model, const std::string& golden_key,
                    const std::string& shell_prefix = "") {
    fs::remove(output());
    return run_attnscope("extract --model " + model + " --text " +
                             shell_quote(golden_text(golden_key)) + " -o " +
                             shell_quote(output().string()),
                         home_, shell_prefix);
  }
  fs::path output() const { return home_ / "out.safetensors"; }

  // The extracted ids and attentions equal Hugging Face's (tiny models: within 1e-5).
  void expect_golden(const std::string& golden_key) {
    ASSERT_TRUE(fs::exists(output()));
    auto got = io::read_safetensors(output());
    auto golden = io::read_safetensors(golden_dir() / "golden_tiny.safetensors");
    EXPECT_EQ(got.to_i64("input_ids"), golden.to_i64(golden_key + ".input_ids"));
    auto attentions = got.to_f32("attentions");
    auto expected = golden.to_f32(golden_key + ".attentions");
    ASSERT_EQ(attentions.size(), expected.size());
    float worst = 0;
    for (std::size_t i = 0; i < expected.size(); ++i)
      worst = std::max(worst, std::abs(attentions[i] - expected[i]));
    EXPECT_LE(worst, 1e-5f);
  }

  void expect_one_line_failure(const RunResult& result, const std::string& says) {
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_THAT(result.stderr_text, HasSubstr(says));
    EXPECT_EQ(std::count(result.stderr_text.begin(), result.stderr_text.end(), '\n'), 1)
        << result.stderr_text;
    EXPECT_FALSE(fs::exists(output()));
  }

  FakeHub hub_;
};

TEST_F(ExtractFromHubTest, DownloadsOnceThenRunsFromTheCache) {
  hub_.add_repo("org/tiny-bert", model_fixture("tiny-bert"), kCommit);
  auto first = extract("org/tiny-bert", "tiny-bert.0");
  ASSERT_EQ(first.exit_code, 0) << first.stderr_text;
  expect_golden("tiny-bert.0");
  EXPECT_TRUE(fs::is_symlink(cache() / "models--org--tiny-bert" / "snapshots" / kCommit /
                             "model.safetensors"));
  int requests = hub_.requests();
  EXPECT_GT(requests, 0);

  auto second = extract("org/tiny-bert", "tiny-bert.1");
  ASSERT_EQ(second.exit_code, 0) << second.stderr_text;
  expect_golden("tiny-bert.1");
  EXPECT_EQ(hub_.requests(), requests);
}

TEST_F(ExtractFromHubTest, Gpt2WithoutOrganisation) {
  hub_.add_repo("tiny-gpt2", model_fixture("tiny-gpt2"), kCommit);
  auto result = extract("tiny-gpt2", "tiny-gpt2.0");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  expect_golden("tiny-gpt2.0");
}

TEST_F(ExtractFromHubTest, PytorchBinGivesTheSameAttentions) {
  hub_.add_repo("org/tiny-bert-bin", bin_fixtures() / "tiny-bert-bin", kCommit);
  hub_.add_repo("org/tiny-gpt2-bin", bin_fixtures() / "tiny-gpt2-bin", kCommit);
  auto bert = extract("org/tiny-bert-bin", "tiny-bert.0");
  ASSERT_EQ(bert.exit_code, 0) << bert.stderr_text;
  expect_golden("tiny-bert.0");
  auto gpt2 = extract("org/tiny-gpt2-bin", "tiny-gpt2.0");
  ASSERT_EQ(gpt2.exit_code, 0) << gpt2.stderr_text;
  expect_golden("tiny-gpt2.0");
}

TEST_F(ExtractFromHubTest, HandLaidCacheWorksOffline) {
  auto repo = cache() / "models--google-bert--tiny-bert";
  for (const char* file :
       {"config.json", "model.safetensors", "tokenizer_config.json", "vocab.txt"}) {
    auto blob = repo / "blobs" / (std::string("blob-") + file);
    fs::create_directories(blob.parent_path());
    fs::copy_file(model_fixture("tiny-bert") / file, blob);
    fs::create_directories(repo / "snapshots" / kCommit);
    fs::create_symlink(fs::path("../../blobs") / blob.filename(),
                       repo / "snapshots" / kCommit / file);
  }
  write_text(repo / "refs" / "main", kCommit);
  env_.set("HF_HUB_OFFLINE", "1");
  auto result = extract("google-bert/tiny-bert", "tiny-bert.2");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  expect_golden("tiny-bert.2");
  EXPECT_EQ(hub_.requests(), 0);
}

TEST_F(ExtractFromHubTest, DroppedDownloadFailsCleanlyAndTheNextRunCompletes) {
  hub_.add_repo("org/tiny-bert", model_fixture("tiny-bert"), kCommit);
  hub_.drop_next_download();
  expect_one_line_failure(extract("org/tiny-bert", "tiny-bert.0"), "run the command again");
  auto blob = cache() / "models--org--tiny-bert" / "blobs" /
              hub_.etag("org/tiny-bert", "model.safetensors");
  EXPECT_FALSE(fs::exists(blob));
  EXPECT_TRUE(fs::exists(blob.string() + ".incomplete"));

  auto result = extract("org/tiny-bert", "tiny-bert.0");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  expect_golden("tiny-bert.0");
  EXPECT_TRUE(fs::exists(blob));
  EXPECT_FALSE(fs::exists(blob.string() + ".incomplete"));
}

TEST_F(ExtractFromHubTest, FullDiskSaysSoAndLeavesNoBlob) {
  hub_.add_repo("org/tiny-bert", model_fixture("tiny-bert"), kCommit);
  // A file size limit under the 8 MB weights fails the write the way a full disk does.
  expect_one_line_failure(extract("org/tiny-bert", "tiny-bert.0", "trap '' XFSZ; ulimit -f 1000; "),
                          "free disk space");
  auto blob = cache() / "models--org--tiny-bert" / "blobs" /
              hub_.etag("org/tiny-bert", "model.safetensors");
  EXPECT_FALSE(fs::exists(blob));
  EXPECT_FALSE(fs::exists(cache() / "models--org--tiny-bert" / "refs" / "main"));
}

TEST_F(ExtractFromHubTest, UnknownModelSaysNotFound) {
  expect_one_line_failure(extract("org/no-such-model", "tiny-bert.0"), "was not found");
}

TEST_F(ExtractFromHubTest, GatedModelSaysSetHfToken) {
  hub_.add_repo("org/gated", model_fixture("tiny-bert"), kCommit, true);
  expect_one_line_failure(extract("org/gated", "tiny-bert.0"), "set HF_TOKEN");
}

TEST_F(ExtractFromHubTest, OfflineWithEmptyCacheFailsFast) {
  env_.set("HF_HUB_OFFLINE", "1");
  auto started = std::chrono::steady_clock::now();
  expect_one_line_failure(extract("org/tiny-bert", "tiny-bert.0"), "HF_HUB_OFFLINE=1");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(hub_.requests(), 0);
}

}  // namespace
}  // namespace attnscope::test
