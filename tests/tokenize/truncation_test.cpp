// --truncate's longest_first cut: the same tokens survive as under the rule stated one token at a
// time, and cutting millions of tokens is linear.
#include "tokenize/truncation.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

#include "io/json_file.hpp"
#include "support/fixtures.hpp"
#include "tokenize/tokenizer_fixtures.hpp"

namespace attnscope {
namespace {

// The rule as transformers' Python tokenizers state it: while too long, drop the last ordinary
// token of the longer segment (the second on a tie); once none is left, the last token.
Encoding one_at_a_time(Encoding e, std::size_t max_tokens) {
  auto segment = [&](std::size_t i) { return e.type_ids.empty() || e.type_ids[i] == 0 ? 0 : 1; };
  while (e.size() > max_tokens) {
    std::size_t count[2] = {0, 0};
    for (std::size_t i = 0; i < e.size(); ++i)
      if (!e.is_special(i)) ++count[segment(i)];
    const int longer = count[1] >= count[0] && count[1] > 0 ? 1 : 0;
    std::size_t victim = e.size() - 1;
    for (std::size_t i = e.size(); i-- > 0;) {
      if (!e.is_special(i) && segment(i) == longer) {
        victim = i;
        break;
      }
    }
    auto erase = [victim](auto& values) {
      if (!values.empty()) values.erase(values.begin() + victim);
    };
    erase(e.ids);
    erase(e.type_ids);
    erase(e.tokens);
    erase(e.offsets);
    erase(e.special);
  }
  return e;
}

void expect_same(const Encoding& got, const Encoding& want, const std::string& context) {
  EXPECT_EQ(got.ids, want.ids) << context;
  EXPECT_EQ(got.type_ids, want.type_ids) << context;
  EXPECT_EQ(got.tokens, want.tokens) << context;
  EXPECT_EQ(got.offsets, want.offsets) << context;
  EXPECT_EQ(got.special, want.special) << context;
}

// Segments of random lengths with specials where BERT puts them, and sometimes one inside the
// text too (an added special token the user typed).
Encoding random_encoding(std::mt19937& random) {
  std::uniform_int_distribution<int> length(0, 30), coin(0, 5);
  Encoding e;
  int next_id = 1000;
  auto ordinary = [&](int type_id, int count) {
    for (int i = 0; i < count; ++i) {
      const bool typed_special = coin(random) == 0;
      e.push_back(next_id, std::to_string(next_id), next_id, next_id + 1, type_id, typed_special);
      ++next_id;
    }
  };
  const bool pair = coin(random) < 3;
  const bool specials = coin(random) < 4;
  if (specials) e.push_back(101, "[CLS]", 0, 0, 0, true);
  ordinary(0, length(random));
  if (specials) e.push_back(102, "[SEP]", 0, 0, 0, true);
  if (pair) {
    ordinary(1, length(random));
    if (specials) e.push_back(102, "[SEP]", 0, 0, 1, true);
  }
  return e;
}

TEST(Truncation, KeepsWhatTheOneAtATimeRuleKeeps) {
  std::mt19937 random(2026);
  for (int trial = 0; trial < 3000; ++trial) {
    const Encoding full = random_encoding(random);
    const std::size_t max_tokens =
        std::uniform_int_distribution<std::size_t>(0, full.size() + 1)(random);
    Encoding cut = full;
    truncate_longest_first(cut, max_tokens);
    ASSERT_EQ(cut.size(), std::min(full.size(), max_tokens));
    expect_same(cut, one_at_a_time(full, max_tokens),
                "trial " + std::to_string(trial) + ", max " + std::to_string(max_tokens));
  }
}

TEST(Truncation, IdsWithoutTokenDetailsAreCutToo) {
  Encoding ids_only;  // extract --ids: ids and vocabulary strings, no segments or specials
  ids_only.ids = {5, 6, 7, 8};
  ids_only.tokens = {"a", "b", "c", "d"};
  truncate_longest_first(ids_only, 2);
  EXPECT_EQ(ids_only.ids, (std::vector<int32_t>{5, 6}));
  EXPECT_EQ(ids_only.tokens, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(ids_only.type_ids.empty());
  EXPECT_TRUE(ids_only.special.empty());
}

// tiny-bert.pair1 of the pairs golden: 5 ordinary tokens, then 12.
Encoding golden_pair() {
  const auto entry = io::read_json_file(test::golden_dir() / "pairs_manifest.json")["entries"][1];
  const Encoding e = test::bert_tokenizer().encode_pair(entry["text"].get<std::string>(),
                                                        entry["text_pair"].get<std::string>());
  EXPECT_EQ(e.ids, entry["ids"].get<std::vector<int32_t>>());
  EXPECT_EQ(e.type_ids, entry["token_type_ids"].get<std::vector<int32_t>>());
  return e;
}

TEST(Truncation, PairLosesTheLongerSegmentFirst) {
  Encoding e = golden_pair();
  truncate_longest_first(e, 14);  // 6 go, all from the second segment
  EXPECT_EQ(e.tokens,
            (std::vector<std::string>{"[CLS]", "where", "is", "the", "station", "?", "[SEP]",
                                      "turn", "left", "at", "the", "second", "light", "[SEP]"}));
  EXPECT_EQ(e.type_ids, (std::vector<int32_t>{0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1}));
}

TEST(Truncation, PairOnATieLosesFromTheSecond) {
  Encoding e = golden_pair();
  // 10 go: 7 from the second (12 -> 5), then on the tie the second, the first, the second.
  truncate_longest_first(e, 10);
  EXPECT_EQ(e.tokens, (std::vector<std::string>{"[CLS]", "where", "is", "the", "station", "[SEP]",
                                                "turn", "left", "at", "[SEP]"}));
  EXPECT_EQ(e.offsets.back(), (std::pair<int32_t, int32_t>{0, 0}));
  EXPECT_EQ(e.offsets[8], (std::pair<int32_t, int32_t>{10, 12}));  // "at" of the second text
}

TEST(Truncation, SingleTextKeepsItsStartAndSep) {
  Encoding e = test::bert_tokenizer().encode("the cat sat on the mat");
  truncate_longest_first(e, 4);
  EXPECT_EQ(e.tokens, (std::vector<std::string>{"[CLS]", "the", "cat", "[SEP]"}));
  truncate_longest_first(e, 1);  // no ordinary token left: the last specials go
  EXPECT_EQ(e.tokens, (std::vector<std::string>{"[CLS]"}));
}

TEST(Truncation, MillionsOfTokensAreCutInOnePass) {
  // 2 million tokens, the size of a 9 MB line: one erase per token would take hours.
  Encoding e;
  e.push_back(101, "[CLS]", 0, 0, 0, true);
  for (int32_t i = 0; i < 2'000'000; ++i)
    e.push_back(i % 30000, "w", i, i + 1, i < 500'000 ? 0 : 1, false);
  e.push_back(102, "[SEP]", 0, 0, 1, true);
  truncate_longest_first(e, 512);
  ASSERT_EQ(e.size(), 512u);
  EXPECT_EQ(e.offsets[1].first, 0);      // the first segment's first token
  EXPECT_EQ(e.offsets[255].first, 254);  // it keeps 255, the second 255
  EXPECT_EQ(e.offsets[256].first, 500'000);
  EXPECT_EQ(e.offsets[510].first, 500'254);
  EXPECT_EQ(e.ids.back(), 102);
}

}  // namespace
}  // namespace attnscope
