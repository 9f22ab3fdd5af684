#include "web/result_cache.hpp"

#include <gtest/gtest.h>

#include <set>

#include "hand_attention.hpp"

namespace attnscope::web {
namespace {

// A kept result whose tensor is `floats` values long.
std::shared_ptr<const StoredResult> result_of(std::size_t floats, const std::string& text = "") {
  Attention attention = test::hand_attention();
  attention.probs.resize(floats);
  ResultContext context;
  context.text = text;
  return std::make_shared<const StoredResult>(std::move(attention), std::move(context));
}

TEST(ResultCache, FindsWhatItKeepsByIdAndNothingElse) {
  ResultCache cache;
  const auto kept = result_of(10, "first");
  const std::string id = cache.add(kept);
  EXPECT_EQ(id.size(), 16u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  EXPECT_EQ(cache.find(id), kept);
  EXPECT_EQ(cache.find("0000000000000000"), nullptr);
  EXPECT_EQ(cache.find(""), nullptr);
  EXPECT_EQ(cache.find(id.substr(1)), nullptr);
}

TEST(ResultCache, IdsAreDistinct) {
  ResultCache cache({.max_entries = 200});
  std::set<std::string> ids;
  for (int i = 0; i < 200; ++i) ids.insert(cache.add(result_of(1)));
  EXPECT_EQ(ids.size(), 200u);
}

TEST(ResultCache, EvictsTheLeastRecentlyUsedBeyondTheCount) {
  ResultCache cache({.max_entries = 3});
  const std::string a = cache.add(result_of(1));
  const std::string b = cache.add(result_of(1));
  const std::string c = cache.add(result_of(1));
  ASSERT_NE(cache.find(a), nullptr);  // a is now the most recently used, b the least
  const std::string d = cache.add(result_of(1));
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.find(b), nullptr);
  for (const auto& id : {a, c, d}) EXPECT_NE(cache.find(id), nullptr) << id;
}

TEST(ResultCache, EvictsBeyondTheBytes) {
  ResultCache cache({.max_entries = 10, .max_bytes = 1000});
  const std::string a = cache.add(result_of(100));  // 400 bytes each
  const std::string b = cache.add(result_of(100));
  EXPECT_EQ(cache.bytes(), 800u);
  const std::string c = cache.add(result_of(100));
  EXPECT_EQ(cache.bytes(), 800u);
  EXPECT_EQ(cache.find(a), nullptr);
  EXPECT_NE(cache.find(b), nullptr);
  EXPECT_NE(cache.find(c), nullptr);
}

TEST(ResultCache, KeepsTheNewestHoweverLarge) {
  ResultCache cache({.max_entries = 4, .max_bytes = 1000});
  const std::string small = cache.add(result_of(10));
  const auto huge = result_of(1000);
  const std::string big = cache.add(huge);
  EXPECT_EQ(cache.find(big), huge);
  EXPECT_EQ(cache.find(small), nullptr);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.bytes(), 4000u);
}

TEST(ResultCache, AnEvictedResultLivesOnWhileInUse) {
  ResultCache cache({.max_entries = 1});
  const std::string first = cache.add(result_of(7, "first"));
  const auto in_use = cache.find(first);
  cache.add(result_of(7, "second"));
  EXPECT_EQ(cache.find(first), nullptr);
  ASSERT_NE(in_use, nullptr);
  EXPECT_EQ(in_use->context().text, "first");
  EXPECT_EQ(in_use->attention().probs.size(), 7u);
}

}  // namespace
}  // namespace attnscope::web
