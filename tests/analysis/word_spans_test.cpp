// Word spans: the plain-text split and CoNLL-U words placed in their sentence's text.
#include "analysis/word_spans.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "core/error.hpp"
#include "support/fixtures.hpp"
#include "tokenize/utf8.hpp"

namespace attnscope::analysis {
namespace {

std::string w(const std::string& id, const std::string& form, const std::string& head,
              const std::string& deprel) {
  return id + "\t" + form + "\t_\t_\t_\t_\t" + head + "\t" + deprel + "\t_\t_\n";
}

io::ConlluSentence sentence(const std::string& conllu) {
  std::istringstream in(conllu);
  return *io::ConlluReader(in, "s.conllu").next();
}

std::string spans_error(const std::string& conllu) {
  try {
    conllu_words(sentence(conllu));
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

void expect_span(const WordSpan& span, int32_t start, int32_t end, const std::string& form) {
  EXPECT_EQ(span.start, start) << form;
  EXPECT_EQ(span.end, end) << form;
  EXPECT_EQ(span.form, form);
}

TEST(TextWords, WhitespaceSeparatesAndPunctuationStandsAlone) {
  const auto words = text_words("Hello, world!  ok");
  ASSERT_EQ(words.size(), 5u);
  expect_span(words[0], 0, 5, "Hello");
  expect_span(words[1], 5, 6, ",");
  expect_span(words[2], 7, 12, "world");
  expect_span(words[3], 12, 13, "!");
  expect_span(words[4], 15, 17, "ok");
}

TEST(TextWords, OffsetsAreCodePoints) {
  // é is one code point (2 bytes); the em dash U+2014 is Unicode punctuation (Pd).
  const auto words = text_words("Café\u2014bien $5");
  ASSERT_EQ(words.size(), 5u);
  expect_span(words[0], 0, 4, "Café");
  expect_span(words[1], 4, 5, "\u2014");
  expect_span(words[2], 5, 9, "bien");
  expect_span(words[3], 10, 11, "$");  // ASCII symbols count as punctuation for BERT
  expect_span(words[4], 11, 12, "5");
}

TEST(TextWords, EmptyAndBlankText) {
  EXPECT_TRUE(text_words("").empty());
  EXPECT_TRUE(text_words(" \n\t").empty());
}

TEST(ConlluWords, PlainWordsInOrder) {
  const auto words = conllu_words(sentence("# text = The cat sat.\n" + w("1", "The", "2", "det") +
                                           w("2", "cat", "3", "nsubj") +
                                           w("3", "sat", "0", "root") + w("4", ".", "3", "punct")));
  ASSERT_EQ(words.size(), 4u);
  expect_span(words[0], 0, 3, "The");
  expect_span(words[1], 4, 7, "cat");
  expect_span(words[2], 8, 11, "sat");
  expect_span(words[3], 11, 12, ".");
}

TEST(ConlluWords, MultiwordTokenWhoseFormsSpellItIsSplit) {
  const auto words = conllu_words(sentence(
      "# text = Google's IPO\n" + w("1-2", "Google's", "_", "_") +
      w("1", "Google", "3", "nmod:poss") + w("2", "'s", "1", "case") + w("3", "IPO", "0", "root")));
  ASSERT_EQ(words.size(), 3u);
  expect_span(words[0], 0, 6, "Google");
  expect_span(words[1], 6, 8, "'s");
  expect_span(words[2], 9, 12, "IPO");
}

TEST(ConlluWords, MultiwordTokenWhoseFormsDoNotSpellItIsShared) {
  // French "du" = "de" + "le": both words get the whole span of "du".
  const auto words = conllu_words(sentence("# text = prix du pain\n" + w("1", "prix", "0", "root") +
                                           w("2-3", "du", "_", "_") + w("2", "de", "4", "case") +
                                           w("3", "le", "4", "det") + w("4", "pain", "1", "nmod")));
  ASSERT_EQ(words.size(), 4u);
  expect_span(words[1], 5, 7, "de");
  expect_span(words[2], 5, 7, "le");
  expect_span(words[3], 8, 12, "pain");
}

TEST(ConlluWords, RepeatedWordsAreFoundAfterThePreviousOne) {
  const auto words =
      conllu_words(sentence("# text = a a\n" + w("1", "a", "0", "root") + w("2", "a", "1", "dep")));
  expect_span(words[0], 0, 1, "a");
  expect_span(words[1], 2, 3, "a");
}

TEST(ConlluWords, TextWithoutTheWordIsAnErrorAtTheWordsLine) {
  EXPECT_EQ(spans_error("# sent_id = 1\n# text = The dog\n" + w("1", "The", "2", "det") +
                        w("2", "cat", "0", "root")),
            "s.conllu:4: 'cat' is not in the sentence's # text (line 2) after character 3; the "
            "text must hold the words in order");
  // In order: "b a" holds both words, but not "a" after "b".
  EXPECT_EQ(spans_error("# text = b a\n" + w("1", "a", "0", "root") + w("2", "b", "1", "dep")),
            "s.conllu:3: 'b' is not in the sentence's # text (line 1) after character 3; the text "
            "must hold the words in order");
}

TEST(ConlluWords, InvalidUtf8IsAnErrorAtItsLine) {
  const std::string message = spans_error("# text = a\xff\n" + w("1", "a", "0", "root"));
  EXPECT_EQ(message.rfind("s.conllu:1: the # text is not valid UTF-8 (", 0), 0u) << message;
}

// Every sentence of the four shared treebanks is placed in its text; every word not sharing a
// multiword token's span spans exactly its form.
TEST(ConlluWords, PlacesEveryWordOfTheSharedTreebanks) {
  for (const char* file : {"en_ewt-ud-dev.conllu", "fr_gsd-ud-dev.conllu", "ja_gsd-ud-dev.conllu",
                           "zh_gsd-ud-dev.conllu"}) {
    io::ConlluReader reader(test::shared_dir() / "data" / "ud" / file);
    int shared = 0;
    while (auto s = reader.next()) {
      const auto words = conllu_words(*s);
      ASSERT_EQ(words.size(), s->words.size());
      const std::u32string text = utf8::decode(s->text);
      for (std::size_t i = 0; i < words.size(); ++i) {
        const bool shares = (i > 0 && words[i - 1].start == words[i].start) ||
                            (i + 1 < words.size() && words[i + 1].start == words[i].start);
        shared += shares;
        if (shares) continue;
        ASSERT_EQ(utf8::encode(text.substr(words[i].start, words[i].end - words[i].start)),
                  s->words[i].form)
            << file << ":" << s->words[i].line;
      }
    }
    if (std::string(file) == "fr_gsd-ud-dev.conllu") {
      EXPECT_GT(shared, 1000);  // du, au, des...
    }
  }
}

}  // namespace
}  // namespace attnscope::analysis
