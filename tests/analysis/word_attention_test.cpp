// Pieces to words: which tokens belong to which word, and token attention merged to word level
// (to = sum over pieces, from = mean or first piece, special tokens dropped).
#include "analysis/word_attention.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "hand_attention.hpp"

namespace attnscope::analysis {
namespace {

Token piece(const std::string& form, int32_t start, int32_t end, bool special = false) {
  Token token;
  token.piece = token.display = form;
  token.start = start;
  token.end = end;
  token.special = special;
  return token;
}

using Pieces = std::vector<std::vector<int>>;

TEST(AlignPieces, BertWordSplitIntoThreePiecesAndSpecialTokensDropped) {
  const std::string text = "unbelievable cat";
  const std::vector<Token> tokens = {piece("[CLS]", 0, 0, true), piece("un", 0, 2),
                                     piece("##believ", 2, 8),    piece("##able", 8, 12),
                                     piece("cat", 13, 16),       piece("[SEP]", 0, 0, true)};
  const auto alignment = align_pieces(tokens, text, text_words(text));
  EXPECT_EQ(alignment.tokens, 6);
  EXPECT_EQ(alignment.pieces, (Pieces{{1, 2, 3}, {4}}));
  EXPECT_TRUE(alignment.complete());
}

TEST(AlignPieces, Gpt2PieceStartsAtItsFirstNonSpaceCharacter) {
  // GPT-2 reports "Ġcat" as [3, 7), the space included; a lone "Ġ" or "\n" piece is no word's.
  const std::string text = "The cat \n";
  const std::vector<Token> tokens = {piece("The", 0, 3), piece("Ġcat", 3, 7), piece("Ġ", 7, 8),
                                     piece("Ċ", 8, 9)};
  const auto alignment = align_pieces(tokens, text, text_words(text));
  EXPECT_EQ(alignment.pieces, (Pieces{{0}, {1}}));
}

TEST(AlignPieces, MultiwordTokensSplitOrShareTheirPieces) {
  // "Google's" split into Google + 's: each word gets the piece starting in it.
  const std::vector<WordSpan> google = {{0, 6, "Google"}, {6, 8, "'s"}, {9, 12, "IPO"}};
  const std::vector<Token> gpt2 = {piece("Google", 0, 6), piece("'s", 6, 8), piece("ĠIPO", 8, 12)};
  EXPECT_EQ(align_pieces(gpt2, "Google's IPO", google).pieces, (Pieces{{0}, {1}, {2}}));
  // "du" = de + le share the span, so both hold its one piece.
  const std::vector<WordSpan> du = {{0, 4, "prix"}, {5, 7, "de"}, {5, 7, "le"}, {8, 12, "pain"}};
  const std::vector<Token> bert = {piece("[CLS]", 0, 0, true), piece("prix", 0, 4),
                                   piece("du", 5, 7), piece("pain", 8, 12),
                                   piece("[SEP]", 0, 0, true)};
  EXPECT_EQ(align_pieces(bert, "prix du pain", du).pieces, (Pieces{{1}, {2}, {2}, {3}}));
}

TEST(AlignPieces, AWordWithoutAPieceLeavesTheAlignmentIncomplete) {
  // "cannot" = can + not, read as one piece: "not" gets none.
  const std::vector<WordSpan> words = {{0, 3, "can"}, {3, 6, "not"}};
  const auto alignment = align_pieces({piece("cannot", 0, 6)}, "cannot", words);
  EXPECT_EQ(alignment.pieces, (Pieces{{0}, {}}));
  EXPECT_FALSE(alignment.complete());
}

// [CLS] un ##believ ##able cat: words "unbelievable" = tokens 1-3, "cat" = token 4.
Attention unbelievable_cat() {
  Attention a = test::hand_attention({"[CLS]", "un", "##believ", "##able", "cat"}, 1, 1,
                                     {0.2f, 0.2f, 0.2f, 0.2f, 0.2f,  //
                                      0.1f, 0.2f, 0.3f, 0.0f, 0.4f,  //
                                      0.0f, 0.5f, 0.1f, 0.1f, 0.3f,  //
                                      0.3f, 0.1f, 0.1f, 0.4f, 0.1f,  //
                                      0.5f, 0.1f, 0.1f, 0.1f, 0.2f});
  a.tokens[0].special = true;
  return a;
}

const WordAlignment kUnbelievableCat{5, {{1, 2, 3}, {4}}};

TEST(MergeToWords, ToIsTheSumFromIsTheMeanOverPieces) {
  // Sums over the pieces of each key word, per row:
  //   row 1: unbelievable 0.2+0.3+0.0 = 0.5, cat 0.4
  //   row 2: 0.5+0.1+0.1 = 0.7, 0.3
  //   row 3: 0.1+0.1+0.4 = 0.6, 0.1
  //   row 4: 0.1+0.1+0.1 = 0.3, 0.2
  // from "unbelievable" = mean of rows 1-3: (0.5+0.7+0.6)/3 = 0.6, (0.4+0.3+0.1)/3 = 0.8/3.
  // The [CLS] row and column drop out, so rows sum to less than 1.
  const Attention a = unbelievable_cat();
  float w[4];
  merge_to_words({a.probs.data(), 5}, kUnbelievableCat, FromWord::Mean, w);
  EXPECT_NEAR(w[0], 0.6, 1e-6);
  EXPECT_NEAR(w[1], 0.8 / 3, 1e-6);
  EXPECT_NEAR(w[2], 0.3, 1e-6);
  EXPECT_NEAR(w[3], 0.2, 1e-6);
}

TEST(MergeToWords, FromFirstTakesTheFirstPiecesRow) {
  const Attention a = unbelievable_cat();
  float w[4];
  merge_to_words({a.probs.data(), 5}, kUnbelievableCat, FromWord::First, w);
  EXPECT_NEAR(w[0], 0.5, 1e-6);  // row 1 alone
  EXPECT_NEAR(w[1], 0.4, 1e-6);
  EXPECT_NEAR(w[2], 0.3, 1e-6);
  EXPECT_NEAR(w[3], 0.2, 1e-6);
}

TEST(MergeToWords, SharedPiecesGiveBothWordsTheSameRowAndColumn) {
  // Words 0 and 1 share token 1 (a multiword token); word 2 is token 2. [CLS] is token 0.
  const Attention a = test::hand_attention({"[CLS]", "du", "pain"}, 1, 1,
                                           {1.0f, 0.0f, 0.0f,  //
                                            0.2f, 0.3f, 0.5f,  //
                                            0.1f, 0.6f, 0.3f});
  const WordAlignment shared{3, {{1}, {1}, {2}}};
  float w[9];
  merge_to_words({a.probs.data(), 3}, shared, FromWord::Mean, w);
  const float expected[9] = {0.3f, 0.3f, 0.5f, 0.3f, 0.3f, 0.5f, 0.6f, 0.6f, 0.3f};
  for (int i = 0; i < 9; ++i) EXPECT_NEAR(w[i], expected[i], 1e-6) << i;
}

TEST(MergeToWords, AWordWithoutPiecesGetsZeros) {
  const Attention a = unbelievable_cat();
  const WordAlignment incomplete{5, {{1, 2, 3}, {}}};
  float w[4];
  merge_to_words({a.probs.data(), 5}, incomplete, FromWord::Mean, w);
  EXPECT_NEAR(w[0], 0.6, 1e-6);
  EXPECT_EQ(w[1], 0.0f);
  EXPECT_EQ(w[2], 0.0f);
  EXPECT_EQ(w[3], 0.0f);
}

TEST(MergeToWords, AlignmentForAnotherTokenCountIsAnError) {
  const Attention a = unbelievable_cat();
  float w[4];
  EXPECT_THROW(merge_to_words({a.probs.data(), 5}, WordAlignment{4, {{1}, {2}}}, FromWord::Mean, w),
               Error);
}

TEST(WordAttention, EveryHeadAsAnAttentionOverWords) {
  // Two heads: the matrix above, then the identity (each word's mean row is 1/3 per piece of
  // itself, so "unbelievable" gives itself (1+1+1)/3 = 1).
  Attention a = unbelievable_cat();
  a.heads = 2;
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 5; ++j) a.probs.push_back(i == j ? 1.0f : 0.0f);
  a.tokens[1].id = 42;
  a.tokens[4].id = 7;
  const std::vector<WordSpan> words = {{0, 12, "unbelievable"}, {13, 16, "cat"}};
  const Attention merged = word_attention(a, kUnbelievableCat, words, FromWord::Mean);
  ASSERT_EQ(merged.n(), 2);
  EXPECT_EQ(merged.heads, 2);
  EXPECT_EQ(merged.tokens[0].piece, "unbelievable");
  EXPECT_EQ(merged.tokens[0].id, 42);
  EXPECT_EQ(merged.tokens[1].id, 7);
  EXPECT_EQ(merged.tokens[1].start, 13);
  EXPECT_NEAR(merged.at(0, 0, 0, 1), 0.8 / 3, 1e-6);
  EXPECT_NEAR(merged.at(0, 1, 0, 0), 1.0, 1e-6);
  EXPECT_NEAR(merged.at(0, 1, 0, 1), 0.0, 1e-6);
  EXPECT_NEAR(merged.at(0, 1, 1, 1), 1.0, 1e-6);
}

}  // namespace
}  // namespace attnscope::analysis
