// Dependency probing worked out by hand: both directions, ties, baselines, relation subtypes,
// unscored relations, skipped sentences, min_count, "all", probe.json, merging shards, and real
// en_ewt sentences read by a head that points every word at its gold head.
#include "analysis/dependency_probe.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "core/error.hpp"
#include "hand_attention.hpp"
#include "support/fixtures.hpp"

namespace attnscope::analysis {
namespace {

std::string w(const std::string& id, const std::string& form, const std::string& head,
              const std::string& deprel) {
  return id + "\t" + form + "\t_\t_\t_\t_\t" + head + "\t" + deprel + "\t_\t_\n";
}

io::ConlluSentence parse(const std::string& conllu) {
  std::istringstream in(conllu);
  return *io::ConlluReader(in, "p.conllu").next();
}

// a → b (det), b → c (nsubj:pass), c root, d → c (obj), e → c (punct).
io::ConlluSentence five_words() {
  return parse("# text = a b c d e\n" + w("1", "a", "2", "det") + w("2", "b", "3", "nsubj:pass") +
               w("3", "c", "0", "root") + w("4", "d", "3", "obj") + w("5", "e", "3", "punct"));
}

// Word-level attention over a b c d e, one layer, two heads (rows = from).
//   head 0, dep_to_head (argmax of row i, j ≠ i):
//     a: [0.9 .05 .05 0 0]  → b (tie b/c at 0.05: lowest index; the 0.9 on itself is ignored) ✓
//     b: [0 0 .6 .4 0]      → c ✓
//     d: [0 .5 .5 0 0]      → b (tie b/c) ✗ gold c
//   head 0, head_to_dep (argmax of column i, j ≠ i):
//     a: column [., 0, .2, 0, 0] → c ✗;  b: [.05, ., .2, .5, 0] → d ✗;  d: [0, .4, .2, ., 0] → b ✗
//   head 1, dep_to_head: a: all 0.2 → b ✓;  b: [.7 . .1 .1 0] → a ✗;  d: all 0.1 → a ✗
//   head 1, head_to_dep: a: [., .7, 0, .1, .2] → b ✓;  b: [.2, ., .4, .1, .2] → c ✓;
//                        d: [.2, .1, .4, ., .2] → c ✓
Attention five_word_attention() {
  return test::hand_attention({"a", "b", "c", "d", "e"}, 1, 2, {0.9f, 0.05f, 0.05f, 0.0f, 0.0f,  //
                                                                0.0f, 0.0f,  0.6f,  0.4f, 0.0f,  //
                                                                0.2f, 0.2f,  0.2f,  0.2f, 0.2f,  //
                                                                0.0f, 0.5f,  0.5f,  0.0f, 0.0f,  //
                                                                0.0f, 0.0f,  1.0f,  0.0f, 0.0f,  //
                                                                0.2f, 0.2f,  0.2f,  0.2f, 0.2f,  //
                                                                0.7f, 0.1f,  0.1f,  0.1f, 0.0f,  //
                                                                0.0f, 0.4f,  0.1f,  0.4f, 0.1f,  //
                                                                0.1f, 0.1f,  0.1f,  0.6f, 0.1f,  //
                                                                0.2f, 0.2f,  0.2f,  0.2f, 0.2f});
}

ProbeResult probe_of(const DependencyProbe& probe, double min_count) {
  CorpusState state;
  probe.save(state);
  return probe_result(state, "hand", min_count);
}

const RelationProbe& relation(const ProbeResult& result, const std::string& name) {
  for (const auto& r : result.relations)
    if (r.relation == name) return r;
  throw Error("no relation " + name);
}

std::vector<std::string> names(const ProbeResult& result) {
  std::vector<std::string> out;
  for (const auto& r : result.relations) out.push_back(r.relation);
  return out;
}

TEST(DependencyProbe, BothDirectionsTiesAndBaselines) {
  DependencyProbe probe;
  probe.score_words(five_word_attention(), five_words());
  const ProbeResult result = probe_of(probe, 1);
  // Subtypes fold into their universal relation; root and punct are not scored; equal counts
  // sort by name; "all" comes last.
  EXPECT_EQ(names(result), (std::vector<std::string>{"det", "nsubj", "obj", "all"}));
  EXPECT_EQ(result.sentences, 1);
  EXPECT_EQ(result.words, 5);

  const RelationProbe& det = relation(result, "det");
  EXPECT_EQ(det.count, 1);
  EXPECT_EQ(det.dep_to_head, (std::vector<double>{1, 1}));
  EXPECT_EQ(det.head_to_dep, (std::vector<double>{0, 1}));
  // Three heads reach 1: dep_to_head wins over head_to_dep, then the lower head.
  EXPECT_EQ(det.best_direction, "dep_to_head");
  EXPECT_EQ(det.best_head, 0);
  EXPECT_EQ(det.best_accuracy, 1);
  EXPECT_EQ(det.baseline_offset, 1);  // a → b is +1
  EXPECT_EQ(det.baseline_accuracy, 1);

  const RelationProbe& nsubj = relation(result, "nsubj");
  EXPECT_EQ(nsubj.dep_to_head, (std::vector<double>{1, 0}));
  EXPECT_EQ(nsubj.head_to_dep, (std::vector<double>{0, 1}));

  const RelationProbe& obj = relation(result, "obj");
  EXPECT_EQ(obj.dep_to_head, (std::vector<double>{0, 0}));
  EXPECT_EQ(obj.head_to_dep, (std::vector<double>{0, 1}));
  EXPECT_EQ(obj.best_direction, "head_to_dep");
  EXPECT_EQ(obj.best_layer, 0);
  EXPECT_EQ(obj.best_head, 1);
  EXPECT_EQ(obj.baseline_offset, -1);  // d → c is −1

  const RelationProbe& all = relation(result, "all");
  EXPECT_EQ(all.count, 3);
  EXPECT_NEAR(all.dep_to_head[0], 2.0 / 3, 1e-12);
  EXPECT_NEAR(all.dep_to_head[1], 1.0 / 3, 1e-12);
  EXPECT_EQ(all.head_to_dep, (std::vector<double>{0, 1}));
  EXPECT_EQ(all.best_direction, "head_to_dep");
  EXPECT_EQ(all.best_head, 1);
  EXPECT_EQ(all.baseline_offset, 1);  // +1 hits a and b; −1 hits d
  EXPECT_NEAR(all.baseline_accuracy, 2.0 / 3, 1e-12);
}

TEST(DependencyProbe, MinCountKeepsFrequentRelationsAndAlwaysAll) {
  DependencyProbe probe;
  probe.score_words(five_word_attention(), five_words());
  probe.score_words(five_word_attention(), five_words());
  EXPECT_EQ(names(probe_of(probe, 2)), (std::vector<std::string>{"det", "nsubj", "obj", "all"}));
  EXPECT_EQ(names(probe_of(probe, 3)), (std::vector<std::string>{"all"}));
  CorpusState state;
  probe.save(state);
  EXPECT_EQ(names(probe_result(state, "m")), (std::vector<std::string>{"all"}));  // default 100
  EXPECT_EQ(relation(probe_of(probe, 3), "all").count, 6);
}

TEST(DependencyProbe, MostFrequentRelationFirst) {
  // Two sentences x → y (amod): amod (2) before the relations seen once.
  DependencyProbe probe;
  probe.score_words(five_word_attention(), five_words());
  const auto amod = parse("# text = x y\n" + w("1", "x", "2", "amod") + w("2", "y", "0", "root"));
  const Attention two = test::hand_attention({"x", "y"}, 1, 2, std::vector<float>(8, 0.5f));
  probe.score_words(two, amod);
  probe.score_words(two, amod);
  EXPECT_EQ(names(probe_of(probe, 1)),
            (std::vector<std::string>{"amod", "det", "nsubj", "obj", "all"}));
}

TEST(DependencyProbe, SentenceWithAWordWithoutPiecesIsSkipped) {
  // "cannot" = can + not read as one piece: "not" has none.
  const auto sentence =
      parse("# text = I cannot\n" + w("1", "I", "2", "nsubj") + w("2-3", "cannot", "_", "_") +
            w("2", "can", "0", "root") + w("3", "not", "2", "advmod"));
  Attention tokens = test::hand_attention({"I", "cannot"}, 1, 1, {1, 0, 0, 1});
  tokens.tokens[0].start = 0;
  tokens.tokens[0].end = 1;
  tokens.tokens[1].start = 2;
  tokens.tokens[1].end = 8;
  DependencyProbe probe;
  probe.add_sentence(tokens, sentence, FromWord::Mean);
  const ProbeResult result = probe_of(probe, 1);
  EXPECT_EQ(result.skipped_sentences, 1);
  EXPECT_EQ(result.sentences, 0);
  EXPECT_EQ(result.words, 0);
  EXPECT_EQ(names(result), (std::vector<std::string>{"all"}));
  EXPECT_EQ(relation(result, "all").count, 0);
}

TEST(DependencyProbe, WordCountMismatchIsAnError) {
  DependencyProbe probe;
  const Attention two = test::hand_attention({"x", "y"}, 1, 1, {1, 0, 0, 1});
  EXPECT_THROW(probe.score_words(two, five_words()), Error);
}

TEST(DependencyProbe, ProbeJsonFormat) {
  DependencyProbe probe;
  probe.score_words(five_word_attention(), five_words());
  const nlohmann::json json = probe_json(probe_of(probe, 1));
  EXPECT_EQ(json["model"], "hand");
  EXPECT_EQ(json["sentences"], 1);
  EXPECT_EQ(json["skipped_sentences"], 0);
  EXPECT_EQ(json["words"], 5);
  const auto& obj = json["relations"]["obj"];
  EXPECT_EQ(obj["count"], 1);
  EXPECT_EQ(obj["accuracy"]["dep_to_head"], nlohmann::json::parse("[[0.0, 0.0]]"));
  EXPECT_EQ(obj["accuracy"]["head_to_dep"], nlohmann::json::parse("[[0.0, 1.0]]"));
  EXPECT_EQ(obj["best"],
            nlohmann::json::parse(
                R"({"layer": 0, "head": 1, "direction": "head_to_dep", "accuracy": 1.0})"));
  EXPECT_EQ(obj["baseline"], nlohmann::json::parse(R"({"offset": -1, "accuracy": 1.0})"));
  EXPECT_TRUE(json["relations"].contains("all"));
  EXPECT_FALSE(json["relations"].contains("root"));
  EXPECT_FALSE(json["relations"].contains("punct"));
}

TEST(DependencyProbe, MergedHalvesEqualTheWhole) {
  DependencyProbe whole, first, second;
  const auto amod = parse("# text = x y\n" + w("1", "x", "2", "amod") + w("2", "y", "0", "root"));
  const Attention two = test::hand_attention({"x", "y"}, 1, 2, std::vector<float>(8, 0.5f));
  whole.score_words(five_word_attention(), five_words());
  whole.score_words(two, amod);
  first.score_words(five_word_attention(), five_words());
  second.score_words(two, amod);
  CorpusState whole_state, merged, second_state;
  whole.save(whole_state);
  first.save(merged);
  second.save(second_state);
  merged.merge(second_state);
  EXPECT_EQ(probe_json(probe_result(merged, "m", 1)).dump(),
            probe_json(probe_result(whole_state, "m", 1)).dump());
}

// Tokens as a tokenizer might cut the sentence: each word in pieces of up to 3 code points,
// BERT-style ([CLS]/[SEP] around, pieces exactly on the word) or GPT-2-style (no specials; a
// word's first piece starts right after the previous word, on the space).
std::vector<Token> cut(const std::vector<WordSpan>& words, bool gpt2) {
  std::vector<Token> tokens;
  auto add = [&](int32_t start, int32_t end, bool special) {
    Token t;
    t.piece = t.display = special ? "[X]" : "p";
    t.start = start;
    t.end = end;
    t.special = special;
    tokens.push_back(t);
  };
  if (!gpt2) add(0, 0, true);
  int32_t previous_end = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0 && words[i].start == words[i - 1].start) continue;  // a shared span: cut once
    for (int32_t start = words[i].start; start < words[i].end; start += 3)
      add(gpt2 && start == words[i].start ? previous_end : start, std::min(start + 3, words[i].end),
          false);
    previous_end = words[i].end;
  }
  if (!gpt2) add(0, 0, true);
  return tokens;
}

// Layer 0 head 0: every piece of word i attends to the first piece of i's gold head (the root's
// pieces and the special tokens to token 0); head 1 is uniform.
Attention gold_pointing(const std::vector<Token>& tokens, const WordAlignment& alignment,
                        const io::ConlluSentence& sentence) {
  const int n = static_cast<int>(tokens.size());
  Attention a;
  a.model_name = "gold";
  a.tokens = tokens;
  a.layers = 1;
  a.heads = 2;
  a.probs.assign(2 * n * n, 1.0f / n);
  std::fill(a.probs.begin(), a.probs.begin() + n * n, 0.0f);
  std::vector<int> target(n, 0);
  for (int i = 0; i < alignment.words(); ++i) {
    const int head = sentence.words[i].head;
    for (int p : alignment.pieces[i]) target[p] = head > 0 ? alignment.pieces[head - 1].front() : 0;
  }
  for (int t = 0; t < n; ++t) a.probs[static_cast<std::size_t>(t) * n + target[t]] = 1.0f;
  return a;
}

TEST(DependencyProbe, HeadPointingAtGoldHeadsScoresEveryRelationOnEnEwt) {
  io::ConlluReader reader(test::shared_dir() / "data" / "ud" / "en_ewt-ud-dev.conllu");
  DependencyProbe probe;
  for (int k = 0; k < 40; ++k) {
    const auto sentence = reader.next();
    ASSERT_TRUE(sentence);
    const auto words = conllu_words(*sentence);
    const auto tokens = cut(words, /*gpt2=*/k % 2 == 1);
    const auto alignment = align_pieces(tokens, sentence->text, words);
    ASSERT_TRUE(alignment.complete()) << sentence->text;
    probe.add_sentence(gold_pointing(tokens, alignment, *sentence), *sentence,
                       k % 4 < 2 ? FromWord::Mean : FromWord::First);
  }
  const ProbeResult result = probe_of(probe, 1);
  EXPECT_EQ(result.sentences, 40);
  EXPECT_EQ(result.skipped_sentences, 0);
  EXPECT_GT(result.relations.size(), 10u);
  for (const RelationProbe& r : result.relations) {
    EXPECT_EQ(r.dep_to_head[0], 1.0) << r.relation;
    EXPECT_EQ(r.best_accuracy, 1.0) << r.relation;
  }
  EXPECT_LT(relation(result, "all").dep_to_head[1], 0.5);  // uniform attention is no parser
  EXPECT_GT(relation(result, "all").count, 300);
}

}  // namespace
}  // namespace attnscope::analysis
