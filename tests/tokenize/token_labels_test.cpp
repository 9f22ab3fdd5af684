// The one display form: what figures, the explorer, the terminal and Python show of each token.
#include "tokenize/token_labels.hpp"

#include <gtest/gtest.h>

#include "tokenizer_fixtures.hpp"

namespace attnscope::test {
namespace {

std::vector<std::string> labels_of(const Tokenizer& tokenizer, const std::string& text,
                                   const EncodeOptions& options = {}) {
  return tokenizer.labels_of(tokenizer.encode(text, options));
}

using Labels = std::vector<std::string>;

// "ention" and "ERT" looked like words; BERT marks its continuations and now GPT-2 does too.
TEST(TokenLabels, Gpt2PiecesInsideAWordAreMarkedAsBertMarksThem) {
  EXPECT_EQ(labels_of(gpt2_tokenizer(), "Unaffordable attention, isn't it?"),
            (Labels{"Un", "##aff", "##ordable", "attention", ",", "isn", "'t", "it", "?"}));
  EXPECT_EQ(labels_of(bert_tokenizer(), "Unaffordable"),
            (Labels{"[CLS]", "una", "##ff", "##ord", "##able", "[SEP]"}));
}

// Every byte fragment showed as "�": 27 of 58 labels of a CJK and emoji text were the same.
TEST(TokenLabels, ACharacterSplitOverPiecesShowsOnItsFirstPiece) {
  EXPECT_EQ(labels_of(gpt2_tokenizer(), " 注意力 😀"),
            (Labels{"注", "⋯", "⋯", "意", "⋯", "力", "⋯", "😀", "⋯"}));
}

TEST(TokenLabels, BytesThatFormNoCharacterAreShownAsBytes) {
  // An incomplete character at the end of a run, and a stray continuation byte.
  EXPECT_EQ(byte_level_labels({"a", "\xe4\xb8", "z", "\xb8\xb9"}, {"a", "x", "z", "y"},
                              {false, false, false, false}),
            (Labels{"a", "<e4 b8>", "z", "<b8 b9>"}));
  // A special token ends a run: a character never spans it.
  EXPECT_EQ(byte_level_labels({"\xe4", "", "\xb8\xad"}, {"x", "<|endoftext|>", "y"},
                              {false, true, false}),
            (Labels{"<e4>", "<|endoftext|>", "<b8 ad>"}));
}

TEST(TokenLabels, WhitespaceIsVisibleAndSpecialTokensKeepTheirPiece) {
  EXPECT_EQ(labels_of(gpt2_tokenizer(), "Hi\n\tthere  ", {.bos = true}),
            (Labels{"<|endoftext|>", "Hi", "\\n", "\\t", "there", "␣", "␣"}));
  EXPECT_EQ(readable_label(""), "∅");
  // GPT-2 has a piece for every byte, NUL included: control bytes show as bytes.
  EXPECT_EQ(readable_label(std::string("a\0b\x1b", 4)), "a<00>b<1b>");
  EXPECT_EQ(readable_label("  cat"), "cat");
}

}  // namespace
}  // namespace attnscope::test
