// The BERT rules that implementations get wrong, one at a time (bert-base-uncased vocabulary).
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "tokenize/bert_normalizer.hpp"
#include "tokenize/tokenizer_fixtures.hpp"

namespace attnscope {
namespace {

using test::bert_tokenizer;
using test::Offsets;
using Tokens = std::vector<std::string>;

Encoding bare(std::string_view text) {
  EncodeOptions options;
  options.add_special_tokens = false;
  return bert_tokenizer().encode(text, options);
}

TEST(WordPiece, AddsClsAndSepWithEmptyOffsets) {
  const Encoding e = bert_tokenizer().encode("Hello, world!");
  EXPECT_EQ(e.tokens, (Tokens{"[CLS]", "hello", ",", "world", "!", "[SEP]"}));
  EXPECT_EQ(e.ids, (std::vector<int32_t>{101, 7592, 1010, 2088, 999, 102}));
  EXPECT_EQ(e.offsets, (Offsets{{0, 0}, {0, 5}, {5, 6}, {7, 12}, {12, 13}, {0, 0}}));
  EXPECT_EQ(e.special, (std::vector<uint8_t>{1, 0, 0, 0, 0, 1}));
}

TEST(WordPiece, PairHasTypeIdsZeroThenOne) {
  const Encoding e = bert_tokenizer().encode_pair("the cat", "a dog");
  EXPECT_EQ(e.tokens, (Tokens{"[CLS]", "the", "cat", "[SEP]", "a", "dog", "[SEP]"}));
  EXPECT_EQ(e.type_ids, (std::vector<int32_t>{0, 0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(e.offsets[4], (std::pair<int32_t, int32_t>{0, 1}));  // offsets into the second text
}

TEST(WordPiece, StripsAccentsButKeepsTheOriginalSpan) {
  EXPECT_EQ(bare("Café").tokens, (Tokens{"cafe"}));
  EXPECT_EQ(bare("Café").offsets, (Offsets{{0, 4}}));
  // Decomposed: the dropped U+0301 is not part of the token's span.
  EXPECT_EQ(bare("cafe\u0301!").offsets, (Offsets{{0, 4}, {5, 6}}));
}

TEST(WordPiece, SplitsCjkIdeographsButNotKana) {
  EXPECT_EQ(bare("中文一").tokens, (Tokens{"中", "文", "一"}));
  EXPECT_EQ(bare("中文一").offsets, (Offsets{{0, 1}, {1, 2}, {2, 3}}));
  // Kana stay one word, so WordPiece continues it with "##" pieces (and NFD drops the dakuten).
  EXPECT_EQ(bare("ひらがな").tokens, (Tokens{"ひ", "##ら", "##か", "##な"}));
  EXPECT_TRUE(is_chinese_char(U'\u4E00'));
  EXPECT_TRUE(is_chinese_char(U'\U00020000'));
  EXPECT_FALSE(is_chinese_char(U'\u3042'));  // hiragana
  EXPECT_FALSE(is_chinese_char(U'\uAC00'));  // hangul
}

TEST(WordPiece, CleanTextDropsControlAndFormatCharacters) {
  // Zero-width space and soft hyphen vanish, so the word stays whole.
  EXPECT_EQ(bare("foo\u200Bbar").tokens, bare("foobar").tokens);
  EXPECT_EQ(bare("foo\u200Bbar").offsets.back().second, 7);
  EXPECT_EQ(bare("co\u00ADop").tokens, bare("coop").tokens);
  // Every Unicode space separates words like ' ' does.
  EXPECT_EQ(bare("a\u3000b\u00A0c\u2009d").tokens, (Tokens{"a", "b", "c", "d"}));
}

TEST(WordPiece, PunctuationIsAsciiSymbolsPlusUnicodeP) {
  EXPECT_EQ(bare("a$b").tokens, (Tokens{"a", "$", "b"}));  // '$' is Sc, but ASCII punctuation
  EXPECT_EQ(bare("a\u201Cb\u201D").tokens, (Tokens{"a", "\u201C", "b", "\u201D"}));
}

TEST(WordPiece, WholeWordUnknownWhenAnyPieceIsMissing) {
  const Encoding e = bare("hello\u2603 ok");  // a snowman is no piece of the vocabulary
  EXPECT_EQ(e.tokens, (Tokens{"[UNK]", "ok"}));
  EXPECT_EQ(e.offsets, (Offsets{{0, 6}, {7, 9}}));
}

TEST(WordPiece, WordsOverOneHundredCharactersAreOneUnknown) {
  const std::string hundred(100, 'a');
  const Encoding at_limit = bare(hundred);
  EXPECT_GT(at_limit.size(), 1u);
  EXPECT_EQ(at_limit.tokens[0], "aaa");
  const Encoding over = bare(hundred + "a");
  EXPECT_EQ(over.tokens, (Tokens{"[UNK]"}));
  EXPECT_EQ(over.offsets, (Offsets{{0, 101}}));
}

TEST(WordPiece, SpecialTokensInTheTextAreLiteralAndCaseSensitive) {
  const Encoding e = bare("x [SEP] [mask]");
  EXPECT_EQ(e.tokens, (Tokens{"x", "[SEP]", "[", "mask", "]"}));
  EXPECT_EQ(e.ids[1], 102);
  EXPECT_EQ(e.offsets[1], (std::pair<int32_t, int32_t>{2, 7}));
}

TEST(WordPiece, LowercasesDottedCapitalIToPlainI) {
  EXPECT_EQ(bare("İstanbul").tokens, (Tokens{"istanbul"}));
  EXPECT_EQ(bare("İstanbul").offsets, (Offsets{{0, 8}}));
}

TEST(WordPiece, DisplayIsTheVocabularyForm) {
  EXPECT_EQ(bert_tokenizer().display("##ing"), "##ing");
  EXPECT_EQ(bert_tokenizer().id_to_token(101), "[CLS]");
  EXPECT_EQ(bert_tokenizer().vocab_size(), 30522);
}

TEST(WordPiece, InvalidUtf8IsAnErrorOrReplaced) {
  EXPECT_THROW(bert_tokenizer().encode("ab\xFF"
                                       "c"),
               Error);
  EncodeOptions options;
  options.add_special_tokens = false;
  options.replace_invalid = true;
  // U+FFFD is removed by clean-text, so "ab" and "c" join into one word spanning 0..4.
  const Encoding e = bert_tokenizer().encode(
      "ab\xFF"
      "c",
      options);
  EXPECT_EQ(e.tokens, bare("abc").tokens);
  EXPECT_EQ(e.offsets.front().first, 0);
  EXPECT_EQ(e.offsets.back().second, 4);
}

}  // namespace
}  // namespace attnscope
