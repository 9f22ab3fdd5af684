// A captured text at word level: its words (and a sentence pair's second text's) found in the
// tokens of their own segment, words one token spans joined, words no token reaches left out.
#include "analysis/word_level.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace attnscope::analysis {
namespace {

struct Piece {
  std::string form;
  int32_t start = 0, end = 0;
  bool special = false;
  int32_t segment = 0;
};

// One layer, one head; cell (q, k) = 10 q + k, so each merged cell says which cells it summed.
Attention tokens_of(const std::vector<Piece>& pieces) {
  Attention attention;
  attention.layers = attention.heads = 1;
  for (const Piece& p : pieces) {
    Token token;
    token.piece = token.display = p.form;
    token.start = p.start;
    token.end = p.end;
    token.special = p.special;
    token.segment = p.segment;
    attention.tokens.push_back(token);
  }
  const int n = attention.n();
  for (int q = 0; q < n; ++q)
    for (int k = 0; k < n; ++k) attention.probs.push_back(static_cast<float>(10 * q + k));
  return attention;
}

std::vector<std::string> forms(const Attention& words) {
  std::vector<std::string> all;
  for (const Token& word : words.tokens) all.push_back(word.piece);
  return all;
}

using Pieces = std::vector<std::vector<int>>;

TEST(WordLevel, WordsOneTokenSpansAreJoined) {
  // GPT-2 reads "'s" and "!!" as one token each; BERT's split makes them two words.
  const Attention tokens =
      tokens_of({{"Google", 0, 6}, {"'s", 6, 8}, {"ĠIPO", 8, 12}, {"!!", 12, 14}, {"Ġ!", 14, 16}});
  const WordLevel level = word_level(tokens, "Google's IPO!! !", std::nullopt, FromWord::Mean);
  EXPECT_EQ(forms(level.attention), (std::vector<std::string>{"Google", "'s", "IPO", "!!", "!"}));
  EXPECT_EQ(level.alignment.pieces, (Pieces{{0}, {1}, {2}, {3}, {4}}));
  EXPECT_EQ(level.attention.tokens[1].start, 6);
  EXPECT_EQ(level.attention.tokens[1].end, 8);
  EXPECT_EQ(level.attention.tokens[3].start, 12);
  EXPECT_EQ(level.attention.tokens[3].end, 14);
}

TEST(WordLevel, WordsNoTokenReachesAreLeftOut) {
  // Truncated after "two": "three" has no piece, and no row of zeros either.
  const Attention tokens =
      tokens_of({{"[CLS]", 0, 0, true}, {"one", 0, 3}, {"two", 4, 7}, {"[SEP]", 0, 0, true}});
  const WordLevel level = word_level(tokens, "one two three", std::nullopt, FromWord::Mean);
  EXPECT_EQ(forms(level.attention), (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(level.attention.probs, (std::vector<float>{11, 12, 21, 22}));
}

TEST(WordLevel, ASentencePairsWordsFollowTheFirstTextsWithTheirOwnOffsets) {
  // [CLS] un ##do it [SEP] go [SEP]: "go" starts at 0 of the second text, where "undo" starts
  // in the first; only its segment tells them apart.
  const Attention tokens = tokens_of({{"[CLS]", 0, 0, true},
                                      {"un", 0, 2},
                                      {"##do", 2, 4},
                                      {"it", 5, 7},
                                      {"[SEP]", 0, 0, true},
                                      {"go", 0, 2, false, 1},
                                      {"[SEP]", 0, 0, true, 1}});
  for (FromWord from : {FromWord::Mean, FromWord::First}) {
    const WordLevel level = word_level(tokens, "undo it", std::string("go"), from);
    EXPECT_EQ(level.from, from);
    EXPECT_EQ(forms(level.attention), (std::vector<std::string>{"undo", "it", "go"}));
    EXPECT_EQ(level.alignment.pieces, (Pieces{{1, 2}, {3}, {5}}));
    std::vector<int> segments;
    for (const Token& word : level.attention.tokens) segments.push_back(word.segment);
    EXPECT_EQ(segments, (std::vector<int>{0, 0, 1}));
    EXPECT_EQ(level.attention.tokens[2].start, 0);
    // From "undo" to "go": cells (1, 5) and (2, 5), averaged, or (1, 5) alone.
    EXPECT_FLOAT_EQ(level.attention.at(0, 0, 0, 2), from == FromWord::Mean ? 20 : 15);
    // From "go" to "undo": cells (5, 1) + (5, 2).
    EXPECT_FLOAT_EQ(level.attention.at(0, 0, 2, 0), 51 + 52);
  }
}

TEST(WordLevel, ATextOfOnlySpecialTokensHasNoWords) {
  const Attention tokens = tokens_of({{"[CLS]", 0, 0, true}, {"[SEP]", 0, 5, true}});
  EXPECT_THROW(word_level(tokens, "[SEP]", std::nullopt, FromWord::Mean), Error);
}

TEST(WordLevel, FromWordNamesAndTheNote) {
  EXPECT_EQ(parse_from_word("mean"), FromWord::Mean);
  EXPECT_EQ(parse_from_word("first"), FromWord::First);
  EXPECT_EQ(parse_from_word("last"), std::nullopt);
  EXPECT_STREQ(from_word_name(FromWord::First), "first");
  EXPECT_EQ(word_level_note(FromWord::First),
            "word level: to = sum over pieces, from = first piece; special tokens dropped");
}

}  // namespace
}  // namespace attnscope::analysis
