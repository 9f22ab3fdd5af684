// The CoNLL-U reader: sentences, multiword tokens and empty nodes, every malformed input as
// "file:line: ..." and the four shared UD treebanks read whole.
#include "io/conllu.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "core/error.hpp"
#include "support/fixtures.hpp"

namespace attnscope::test {
namespace {

// One word line: the columns the reader uses, the others "_".
std::string w(const std::string& id, const std::string& form, const std::string& head,
              const std::string& deprel) {
  return id + "\t" + form + "\t_\t_\t_\t_\t" + head + "\t" + deprel + "\t_\t_\n";
}

std::vector<io::ConlluSentence> read_all(const std::string& text) {
  std::istringstream in(text);
  io::ConlluReader reader(in, "t.conllu");
  std::vector<io::ConlluSentence> sentences;
  while (auto sentence = reader.next()) sentences.push_back(std::move(*sentence));
  return sentences;
}

std::string read_error(const std::string& text) {
  try {
    read_all(text);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

const std::string kSentence = "# sent_id = 1\n# text = The cat sat.\n" + w("1", "The", "2", "det") +
                              w("2", "cat", "3", "nsubj") + w("3", "sat", "0", "root") +
                              w("4", ".", "3", "punct") + "\n";

TEST(Conllu, ReadsWordsTextAndLines) {
  const auto sentences = read_all(kSentence + kSentence);
  ASSERT_EQ(sentences.size(), 2u);
  const io::ConlluSentence& s = sentences[1];
  EXPECT_EQ(s.text, "The cat sat.");
  EXPECT_EQ(s.line, 8);  // line 7 is the blank line closing the first sentence
  EXPECT_EQ(s.text_line, 9);
  ASSERT_EQ(s.words.size(), 4u);
  EXPECT_EQ(s.words[1].id, 2);
  EXPECT_EQ(s.words[1].form, "cat");
  EXPECT_EQ(s.words[1].head, 3);
  EXPECT_EQ(s.words[1].deprel, "nsubj");
  EXPECT_EQ(s.words[1].line, 11);
  EXPECT_EQ(s.words[2].head, 0);
}

TEST(Conllu, MultiwordTokensAndEmptyNodes) {
  const auto sentences = read_all("# text = Google's IPO\n" + w("1-2", "Google's", "_", "_") +
                                  w("1", "Google", "3", "nmod:poss") + w("2", "'s", "1", "case") +
                                  w("2.1", "x", "_", "_") + w("3", "IPO", "0", "root"));
  ASSERT_EQ(sentences.size(), 1u);  // no closing blank line at the end of the input
  const io::ConlluSentence& s = sentences[0];
  ASSERT_EQ(s.words.size(), 3u);  // the empty node 2.1 is no word
  EXPECT_EQ(s.words[2].form, "IPO");
  ASSERT_EQ(s.multiword_tokens.size(), 1u);
  EXPECT_EQ(s.multiword_tokens[0].first, 1);
  EXPECT_EQ(s.multiword_tokens[0].last, 2);
  EXPECT_EQ(s.multiword_tokens[0].form, "Google's");
  EXPECT_EQ(s.multiword_tokens[0].line, 2);
}

TEST(Conllu, ToleratesCrLfBlankRunsAndOtherComments) {
  const auto sentences = read_all(
      "\n\n# newdoc id = d\r\n# text_en = not the text\r\n"
      "# text = Hi\r\n" +
      w("1", "Hi", "0", "root") + "\n\n\n");
  ASSERT_EQ(sentences.size(), 1u);
  EXPECT_EQ(sentences[0].text, "Hi");
  EXPECT_EQ(sentences[0].words[0].form, "Hi");
  EXPECT_EQ(sentences[0].line, 3);
}

TEST(Conllu, UniversalRelation) {
  EXPECT_EQ(io::universal_relation("nmod:poss"), "nmod");
  EXPECT_EQ(io::universal_relation("obl:tmod"), "obl");
  EXPECT_EQ(io::universal_relation("det"), "det");
}

TEST(ConlluErrors, MissingColumns) {
  EXPECT_EQ(read_error("# text = a b\n1\ta\t_\n"),
            "t.conllu:2: expected 10 tab-separated columns (ID FORM LEMMA UPOS XPOS FEATS HEAD "
            "DEPREL DEPS MISC), found 3");
}

TEST(ConlluErrors, HeadOutOfRange) {
  EXPECT_EQ(read_error("# text = a b\n" + w("1", "a", "0", "root") + w("2", "b", "3", "dep")),
            "t.conllu:3: the head 3 of word 2 is not a word of the sentence (it has 2 words)");
}

TEST(ConlluErrors, HeadNotANumber) {
  EXPECT_EQ(read_error("# text = a\n" + w("1", "a", "x", "root")),
            "t.conllu:2: the HEAD 'x' of word 1 is not a word id (0 for the root)");
  EXPECT_EQ(read_error("# text = a\n" + w("1", "a", "-1", "root")),
            "t.conllu:2: the HEAD '-1' of word 1 is not a word id (0 for the root)");
}

TEST(ConlluErrors, Cycle) {
  // 1 is the root; 2 -> 3 -> 4 -> 2 never reaches it.
  EXPECT_EQ(read_error("# text = a b c d\n" + w("1", "a", "0", "root") + w("2", "b", "3", "dep") +
                       w("3", "c", "4", "dep") + w("4", "d", "2", "dep") + "\n"),
            "t.conllu:3: the heads of words 2 -> 3 -> 4 -> 2 form a cycle; a dependency tree "
            "has none");
  EXPECT_EQ(read_error("# text = a b\n" + w("1", "a", "0", "root") + w("2", "b", "2", "dep")),
            "t.conllu:3: the heads of words 2 -> 2 form a cycle; a dependency tree has none");
}

TEST(ConlluErrors, RootCount) {
  EXPECT_EQ(read_error("# text = a b\n" + w("1", "a", "0", "root") + w("2", "b", "0", "root")),
            "t.conllu:3: word 2 is a second root (head 0) after word 1; a sentence has exactly "
            "one");
  EXPECT_EQ(read_error("\n# text = a b\n" + w("1", "a", "2", "dep") + w("2", "b", "1", "dep")),
            "t.conllu:2: no word of the sentence has head 0; a sentence has exactly one root");
}

TEST(ConlluErrors, RootRelationAndHeadZeroGoTogether) {
  EXPECT_EQ(read_error("# text = a\n" + w("1", "a", "0", "nsubj")),
            "t.conllu:2: word 1 has HEAD 0 and DEPREL 'nsubj'; exactly the words with DEPREL "
            "root have HEAD 0");
  EXPECT_EQ(read_error("# text = a b\n" + w("1", "a", "0", "root") + w("2", "b", "1", "root")),
            "t.conllu:3: word 2 has HEAD 1 and DEPREL 'root'; exactly the words with DEPREL root "
            "have HEAD 0");
}

TEST(ConlluErrors, MissingText) {
  EXPECT_EQ(read_error(kSentence + "# sent_id = 2\n" + w("1", "a", "0", "root")),
            "t.conllu:8: the sentence has no '# text = ' line; the model reads that raw text, so "
            "every sentence needs one");
}

TEST(ConlluErrors, SecondText) {
  EXPECT_EQ(read_error("# text = a\n# text = b\n" + w("1", "a", "0", "root")),
            "t.conllu:2: a second '# text = ' line for one sentence (the first is line 1)");
}

TEST(ConlluErrors, IdsOutOfOrder) {
  EXPECT_EQ(read_error("# text = a b\n" + w("1", "a", "0", "root") + w("3", "b", "1", "dep")),
            "t.conllu:3: word id '3' where 2 was expected; ids count 1, 2, 3... within a sentence");
  EXPECT_EQ(read_error("# text = a\n" + w("one", "a", "0", "root")),
            "t.conllu:2: word id 'one' where 1 was expected; ids count 1, 2, 3... within a "
            "sentence");
}

TEST(ConlluErrors, BadMultiwordTokens) {
  const std::string words = w("1", "a", "0", "root") + w("2", "b", "1", "dep");
  EXPECT_EQ(read_error("# text = ab\n" + w("2-3", "ab", "_", "_") + words),
            "t.conllu:2: multiword token 2-3 must span words 1-M (M greater) that follow it");
  EXPECT_EQ(read_error("# text = ab\n" + w("1-x", "ab", "_", "_") + words),
            "t.conllu:2: multiword token id '1-x' is not N-M");
  EXPECT_EQ(read_error("# text = ab\n" + w("1-3", "ab", "_", "_") + words + "\n"),
            "t.conllu:2: multiword token 1-3 reaches past the sentence's last word 2");
  EXPECT_EQ(read_error("# text = a\n" + w("1.x", "e", "_", "_") + w("1", "a", "0", "root")),
            "t.conllu:2: empty node id '1.x' is not N.K");
}

TEST(ConlluErrors, CommentAfterWordsAndSentenceWithoutWords) {
  EXPECT_EQ(read_error("# text = a\n" + w("1", "a", "0", "root") + "# late\n"),
            "t.conllu:3: a comment after the sentence's words; comments go before them");
  EXPECT_EQ(read_error("# text = a\n# only comments\n\n"),
            "t.conllu:1: a sentence without words (only comments)");
}

TEST(ConlluErrors, MissingFormAndRelation) {
  EXPECT_EQ(read_error("# text = a\n" + w("1", "", "0", "root")), "t.conllu:2: word 1 has no FORM");
  EXPECT_EQ(read_error("# text = a\n" + w("1", "a", "0", "_")), "t.conllu:2: word 1 has no DEPREL");
}

TEST(ConlluErrors, ErrorsNameTheLineInALaterSentence) {
  EXPECT_EQ(read_error(kSentence + kSentence + "# text = a\n" + w("1", "a", "0", "root") +
                       w("2", "b", "9", "dep")),
            "t.conllu:17: the head 9 of word 2 is not a word of the sentence (it has 2 words)");
}

TEST(ConlluErrors, UnreadableFile) {
  EXPECT_THROW(io::ConlluReader("/nonexistent/x.conllu"), Error);
}

struct Treebank {
  const char* file;
  int sentences;
  int words;
  int multiword_tokens;
};

// Counts from the files themselves (awk): blank-line-closed blocks, lines whose ID is an
// integer, lines whose ID is N-M. fr_gsd has 1,476 sentences, not the 1,478 its README row says.
TEST(ConlluTreebanks, ReadsTheSharedTreebanksWhole) {
  for (const Treebank& treebank : {Treebank{"en_ewt-ud-dev.conllu", 2001, 25147, 359},
                                   Treebank{"fr_gsd-ud-dev.conllu", 1476, 35721, 1057},
                                   Treebank{"ja_gsd-ud-dev.conllu", 507, 12287, 0},
                                   Treebank{"zh_gsd-ud-dev.conllu", 500, 12665, 0}}) {
    io::ConlluReader reader(shared_dir() / "data" / "ud" / treebank.file);
    int sentences = 0, words = 0, multiword_tokens = 0;
    while (auto sentence = reader.next()) {
      ++sentences;
      words += static_cast<int>(sentence->words.size());
      multiword_tokens += static_cast<int>(sentence->multiword_tokens.size());
      EXPECT_FALSE(sentence->text.empty()) << treebank.file << ":" << sentence->line;
    }
    EXPECT_EQ(sentences, treebank.sentences) << treebank.file;
    EXPECT_EQ(words, treebank.words) << treebank.file;
    EXPECT_EQ(multiword_tokens, treebank.multiword_tokens) << treebank.file;
  }
}

}  // namespace
}  // namespace attnscope::test
