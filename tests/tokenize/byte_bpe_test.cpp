// The GPT-2 rules that implementations get wrong, one at a time (the real gpt2 vocabulary).
#include "tokenize/byte_bpe.hpp"

#include <gtest/gtest.h>

#include <random>

#include "core/error.hpp"
#include "tokenize/byte_level.hpp"
#include "tokenize/tokenizer_files.hpp"
#include "tokenize/tokenizer_fixtures.hpp"

namespace attnscope {
namespace {

using test::gpt2_tokenizer;
using test::Offsets;
using Tokens = std::vector<std::string>;

TEST(ByteBpe, AddsNoSpecialTokens) {
  const Encoding e = gpt2_tokenizer().encode("Hello, world!");
  EXPECT_EQ(e.tokens, (Tokens{"Hello", ",", "\u0120world", "!"}));
  EXPECT_EQ(e.ids, (std::vector<int32_t>{15496, 11, 995, 0}));
  EXPECT_EQ(e.offsets, (Offsets{{0, 5}, {5, 6}, {6, 12}, {12, 13}}));
}

TEST(ByteBpe, BosPrependsEndOfText) {
  EncodeOptions options;
  options.bos = true;
  const Encoding e = gpt2_tokenizer().encode("Hi", options);
  EXPECT_EQ(e.ids.front(), 50256);
  EXPECT_EQ(e.offsets.front(), (std::pair<int32_t, int32_t>{0, 0}));
  EXPECT_EQ(e.special.front(), 1);
  EXPECT_EQ(e.size(), gpt2_tokenizer().encode("Hi").size() + 1);
}

TEST(ByteBpe, EndOfTextInTheTextIsOneSpecialToken) {
  const Encoding e = gpt2_tokenizer().encode("a<|endoftext|>b");
  EXPECT_EQ(e.ids, (std::vector<int32_t>{64, 50256, 65}));
  EXPECT_EQ(e.offsets, (Offsets{{0, 1}, {1, 14}, {14, 15}}));
}

TEST(ByteBpe, ContractionsAndSpacesFollowTheRegex) {
  EXPECT_EQ(gpt2_tokenizer().encode("don't").tokens, (Tokens{"don", "'t"}));
  // The last space before a word goes with the word; the others form a run of their own,
  // which GPT-2's merges leave as single spaces.
  const Encoding spaces = gpt2_tokenizer().encode("a   b");
  EXPECT_EQ(spaces.tokens, (Tokens{"a", "\u0120", "\u0120", "\u0120b"}));
  EXPECT_EQ(spaces.offsets, (Offsets{{0, 1}, {1, 2}, {2, 3}, {3, 5}}));
  // A newline run before a word gives up its last newline to the \s+ alternative.
  EXPECT_EQ(gpt2_tokenizer().encode("a\n\nb").tokens, (Tokens{"a", "\u010A", "\u010A", "b"}));
  EXPECT_EQ(gpt2_tokenizer().encode("a\n\n").tokens, (Tokens{"a", "\u010A\u010A"}));
}

TEST(ByteBpe, LettersAndDigitsUseUnicodeClasses) {
  // Cyrillic letters form one pre-token with their space; Devanagari digits are \p{N}.
  const Encoding e = gpt2_tokenizer().encode("x \u043C\u0438\u0440\u0967\u0968");
  EXPECT_EQ(e.offsets.front(), (std::pair<int32_t, int32_t>{0, 1}));
  EXPECT_EQ(e.offsets[1].first, 1);
  EXPECT_EQ(e.offsets.back().second, 7);
}

TEST(ByteBpe, BytesOfOneCharacterShareItsOffsets) {
  const Encoding e = gpt2_tokenizer().encode("\U00020000");  // a CJK extension-B ideograph
  ASSERT_GT(e.size(), 1u);
  for (const auto& offset : e.offsets) EXPECT_EQ(offset, (std::pair<int32_t, int32_t>{0, 1}));
}

TEST(ByteBpe, DisplayShowsTheTextATokenStandsFor) {
  EXPECT_EQ(gpt2_tokenizer().display("\u0120cat"), " cat");
  EXPECT_EQ(gpt2_tokenizer().display("\u010A"), "\n");
  EXPECT_EQ(gpt2_tokenizer().display("<|endoftext|>"), "<|endoftext|>");
  EXPECT_EQ(gpt2_tokenizer().display("\u00E2\u0122"), "\uFFFD");  // first 2 bytes of a quote
  EXPECT_EQ(byte_level::char_for_byte(' '), U'\u0120');
  EXPECT_EQ(byte_level::char_for_byte('A'), U'A');
  EXPECT_EQ(byte_level::byte_for_char(U'\u010A'), '\n');
}

TEST(ByteBpe, PairsAreABertFeature) {
  EXPECT_THROW(gpt2_tokenizer().encode_pair("a", "b"), UsageError);
}

TEST(ByteBpe, InvalidUtf8IsAnErrorOrReplaced) {
  EXPECT_THROW(gpt2_tokenizer().encode("ok\xC3"), Error);
  EncodeOptions options;
  options.replace_invalid = true;
  const Encoding e = gpt2_tokenizer().encode("ok\xC3", options);
  EXPECT_EQ(e.offsets.back().second, 3);  // U+FFFD is the third character
  EXPECT_EQ(gpt2_tokenizer().display(e.tokens.back()), "\uFFFD");
}

TEST(ByteBpe, RepeatedTextGivesTheSameTokens) {
  // The second encode comes from the word cache.
  const std::string text = "Tokenization tokenization TOKENIZATION";
  EXPECT_EQ(gpt2_tokenizer().encode(text).ids, gpt2_tokenizer().encode(text).ids);
  EXPECT_EQ(gpt2_tokenizer().vocab_size(), 50257);
}

// A server tokenizes text without end, mostly new words: 60 KB texts of them grew the cache, and
// the explorer, by 150 MB. Its bound counts bytes, and emptying it changes no token.
TEST(ByteBpe, WordCacheStaysWithinItsBytes) {
  ByteBpeConfig config = read_byte_bpe_files(test::model_fixture("tiny-gpt2"));
  config.cache_bytes = std::size_t{1} << 20;
  const ByteBpeTokenizer tokenizer(std::move(config));
  std::mt19937 random(7);
  std::uniform_int_distribution<int> letter('a', 'z');
  const auto distinct_words = [&] {
    std::string text;
    while (text.size() < 60000) {
      text += ' ';
      for (int i = 0; i < 100; ++i) text += static_cast<char>(letter(random));
    }
    return text;
  };
  const std::string first = distinct_words();
  const Encoding first_encoding = tokenizer.encode(first);
  std::size_t tokens = 0;
  std::size_t most_cached = 0;
  for (int i = 0; i < 40; ++i) {
    tokens += tokenizer.encode(distinct_words()).size();
    most_cached = std::max(most_cached, tokenizer.cached_bytes());
    ASSERT_LE(tokenizer.cached_bytes(), std::size_t{1} << 20) << "after text " << i;
  }
  // 24,000 new 100-letter words of tens of tokens each: without the bound they would hold ten
  // times the megabyte. With it, the cache was filled and emptied again and again.
  EXPECT_GT(tokens, 240000u);
  EXPECT_GT(most_cached, std::size_t{1} << 19);
  EXPECT_EQ(tokenizer.encode(first).ids, first_encoding.ids);
}

}  // namespace
}  // namespace attnscope
