#include "hub/repo_id.hpp"

#include "core/printable.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace attnscope::hub {
namespace {

TEST(RepoId, AcceptsTheShapesTheHubUses) {
  EXPECT_TRUE(is_repo_id("gpt2"));
  EXPECT_TRUE(is_repo_id("bert-base-uncased"));
  EXPECT_TRUE(is_repo_id("openai-community/gpt2"));
  EXPECT_TRUE(is_repo_id("google-bert/bert-base-uncased"));
  EXPECT_TRUE(is_repo_id("org/model_v1.5"));
}

TEST(RepoId, RejectsPathsAndMalformedNames) {
  EXPECT_FALSE(is_repo_id(""));
  EXPECT_FALSE(is_repo_id("./model"));
  EXPECT_FALSE(is_repo_id("/abs/model"));
  EXPECT_FALSE(is_repo_id("a/b/c"));
  EXPECT_FALSE(is_repo_id("org/../x"));
  EXPECT_FALSE(is_repo_id("org--name"));
  EXPECT_FALSE(is_repo_id("org/"));
  EXPECT_FALSE(is_repo_id("has space"));
  EXPECT_FALSE(is_repo_id(std::string(97, 'a')));
}

TEST(RepoId, FolderNamesAsHuggingfaceHub) {
  EXPECT_EQ(repo_folder_name("gpt2"), "models--gpt2");
  EXPECT_EQ(repo_folder_name("openai-community/gpt2"), "models--openai-community--gpt2");
}

TEST(RepoId, CommitHashIsFortyLowercaseHexDigits) {
  EXPECT_TRUE(is_commit_hash("607a30d783dfa663caf39e06633721c8d4cfcd7e"));
  EXPECT_FALSE(is_commit_hash("main"));
  EXPECT_FALSE(is_commit_hash("607A30D783DFA663CAF39E06633721C8D4CFCD7E"));
  EXPECT_FALSE(is_commit_hash("607a30d783dfa663caf39e06633721c8d4cfcd7"));
}

TEST(RepoId, RevisionsAreWhatGitAllowsForBranchesTagsAndCommits) {
  for (const char* good : {"main", "v1.0", "refs/pr/1", "release-2024_01", "feature/x.y",
                           "607a30d783dfa663caf39e06633721c8d4cfcd7e"})
    EXPECT_TRUE(is_revision(good)) << good;
  const std::vector<std::string> bad = {
      "",     "..",   "../x",    "a/../b", "a/..",   "/abs/path",
      "a//b", "a/",   ".hidden", "a/.b",   "x.lock", "main.",
      "a b",  "a~1",  "a^",      "a:b",    "a?",     "a*",
      "a[",   "a\\b", "a@{1}",   "@",      "a\tb",   std::string("main\0x", 6)};
  for (const auto& revision : bad) EXPECT_FALSE(is_revision(revision)) << printable(revision);
}

}  // namespace
}  // namespace attnscope::hub
