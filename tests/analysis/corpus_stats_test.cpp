// Clark et al.'s corpus statistics worked out by hand on small documents: every metric, means
// over documents, GPT-2's absent metrics, labels, stats.json and merging shards.
#include "analysis/corpus_stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>
#include <map>

#include "analysis/clark_metrics.hpp"
#include "core/error.hpp"
#include "hand_attention.hpp"

namespace attnscope::analysis {
namespace {

constexpr double kTol = 1e-7;

// −Σ p ln p of one row after Clark's smoothing p = 0.9999·a + 1e-4/n. The row stays an
// initializer_list: GCC 12.2 with AVX-512 (-march=native here) builds std::vector<double>{.5, .5,
// 0, 0} as {.5, .5, .5, .5} (its SLP vectorizer broadcasts the first half over the zeros).
double smoothed(std::initializer_list<double> row) {
  double sum = 0;
  for (double a : row) {
    const double p = 0.9999 * a + 1e-4 / row.size();
    sum -= p * std::log(p);
  }
  return sum;
}

// [CLS] a . [SEP], one layer, two heads.
//   head 0:  [CLS] → 0.5 [CLS], 0.5 a
//            a     → 0.25 [CLS], 0.25 a, 0.5 .
//            .     → 0.5 ., 0.5 [SEP]
//            [SEP] → 1 [SEP]
//   head 1:  every token → 1 [SEP]
Attention four_tokens() {
  return test::hand_attention({"[CLS]", "a", ".", "[SEP]"}, 1, 2,
                              {0.5f,  0.5f,  0.0f, 0.0f,  //
                               0.25f, 0.25f, 0.5f, 0.0f,  //
                               0.0f,  0.0f,  0.5f, 0.5f,  //
                               0.0f,  0.0f,  0.0f, 1.0f,  //
                               0,     0,     0,    1,    0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1});
}

// [CLS] [SEP] attending uniformly: every value is worked out below.
Attention two_tokens() {
  return test::hand_attention({"[CLS]", "[SEP]"}, 1, 2, std::vector<float>(8, 0.5f));
}

std::vector<double> metric(const CorpusStats& stats, const std::string& name) {
  for (const auto& [n, values] : stats.metrics)
    if (n == name) return values;
  ADD_FAILURE() << "no metric " << name;
  return {};
}

CorpusStats stats_of(const std::vector<Attention>& documents) {
  CorpusStatsAccumulator accumulator;
  for (const Attention& d : documents) accumulator.add_document(d);
  CorpusState state;
  accumulator.save(state);
  return corpus_stats(state, "hand");
}

TEST(CorpusStats, EveryMetricOfOneDocument) {
  const CorpusStats stats = stats_of({four_tokens()});
  EXPECT_EQ(stats.layers, 1);
  EXPECT_EQ(stats.heads, 2);
  EXPECT_EQ(stats.docs, 1);
  EXPECT_EQ(stats.tokens, 4);
  // Head 0, n = 4:
  EXPECT_NEAR(metric(stats, "self")[0], (0.5 + 0.25 + 0.5 + 1) / 4, kTol);  // 0.5625
  EXPECT_NEAR(metric(stats, "prev")[0], 0.25 / 4, kTol);                    // a → [CLS]
  EXPECT_NEAR(metric(stats, "next")[0], (0.5 + 0.5 + 0.5) / 4, kTol);       // 0.375
  EXPECT_NEAR(metric(stats, "cls")[0], (0.5 + 0.25) / 4, kTol);             // column 0
  EXPECT_NEAR(metric(stats, "sep")[0], (0.5 + 1) / 4, kTol);                // column 3
  EXPECT_NEAR(metric(stats, "punct")[0], (0.5 + 0.5) / 4, kTol);            // column 2
  EXPECT_NEAR(metric(stats, "sep_sep")[0], 1.0 / 1, kTol);  // [SEP] → [SEP] over one [SEP]
  EXPECT_NEAR(metric(stats, "rest_sep")[0], (0 + 0 + 0.5) / 3, kTol);  // other rows → [SEP]
  const double rows[4] = {smoothed({0.5, 0.5, 0, 0}), smoothed({0.25, 0.25, 0.5, 0}),
                          smoothed({0, 0, 0.5, 0.5}), smoothed({0, 0, 0, 1})};
  EXPECT_NEAR(metric(stats, "entropy")[0], (rows[0] + rows[1] + rows[2] + rows[3]) / 4, kTol);
  EXPECT_NEAR(metric(stats, "entropy_cls")[0], rows[0], kTol);
  // Head 1: everything on [SEP].
  EXPECT_NEAR(metric(stats, "sep")[1], 1.0, kTol);
  EXPECT_NEAR(metric(stats, "self")[1], 0.25, kTol);  // only [SEP]'s own row
  EXPECT_NEAR(metric(stats, "next")[1], 0.25, kTol);  // only "." → [SEP]
  EXPECT_NEAR(metric(stats, "sep_sep")[1], 1.0, kTol);
  EXPECT_NEAR(metric(stats, "rest_sep")[1], 1.0, kTol);
  EXPECT_NEAR(metric(stats, "cls")[1], 0.0, kTol);
  EXPECT_NEAR(stats.baseline_entropy, std::log(4.0), kTol);
}

TEST(CorpusStats, MeansOverDocumentsOfEachDocumentsValue) {
  // two_tokens, head 0: self 1/2, prev 1/4, next 1/4, cls 1/2, sep 1/2, punct 0,
  // sep_sep 0.5/1, rest_sep 0.5/1, entropy ln 2 (uniform stays uniform), entropy_cls ln 2.
  const CorpusStats stats = stats_of({four_tokens(), two_tokens()});
  EXPECT_EQ(stats.docs, 2);
  EXPECT_EQ(stats.tokens, 6);
  EXPECT_NEAR(metric(stats, "self")[0], (0.5625 + 0.5) / 2, kTol);
  EXPECT_NEAR(metric(stats, "prev")[0], (0.0625 + 0.25) / 2, kTol);
  EXPECT_NEAR(metric(stats, "next")[0], (0.375 + 0.25) / 2, kTol);
  EXPECT_NEAR(metric(stats, "cls")[0], (0.1875 + 0.5) / 2, kTol);
  EXPECT_NEAR(metric(stats, "punct")[0], (0.25 + 0) / 2, kTol);
  EXPECT_NEAR(metric(stats, "sep_sep")[0], (1 + 0.5) / 2, kTol);
  EXPECT_NEAR(metric(stats, "rest_sep")[0], (0.5 / 3 + 0.5) / 2, kTol);
  EXPECT_NEAR(metric(stats, "entropy_cls")[0], (smoothed({0.5, 0.5, 0, 0}) + std::log(2.0)) / 2,
              kTol);
  EXPECT_NEAR(stats.baseline_entropy, (std::log(4.0) + std::log(2.0)) / 2, kTol);
}

TEST(CorpusStats, SepMetricsAverageOnlyOverDocumentsWithASep) {
  // A document without [SEP] gives sep 0 (a real value: nothing goes there) but has no
  // sep_sep or rest_sep; those average over the other document alone.
  const auto no_sep = test::hand_attention({"a", "b"}, 1, 2, std::vector<float>(8, 0.5f));
  const CorpusStats stats = stats_of({four_tokens(), no_sep});
  EXPECT_NEAR(metric(stats, "sep")[0], (0.375 + 0) / 2, kTol);
  EXPECT_NEAR(metric(stats, "sep_sep")[0], 1.0, kTol);
  EXPECT_NEAR(metric(stats, "rest_sep")[0], 0.5 / 3, kTol);
  // With no [SEP] anywhere, sep_sep and rest_sep cannot exist at all.
  const CorpusStats none = stats_of({no_sep});
  for (const auto& [name, values] : none.metrics) {
    EXPECT_NE(name, "sep_sep");
    EXPECT_NE(name, "rest_sep");
  }
}

// GPT-2: "The", "Ġcat", "." under a causal head; "cls" is the first token.
//   row 0: 1
//   row 1: 0.8 0.2
//   row 2: 0.7 0.1 0.2
Attention gpt2_document() {
  return test::hand_attention({"The", "Ġcat", "."}, 1, 1,
                              {1.0f, 0.0f, 0.0f, 0.8f, 0.2f, 0.0f, 0.7f, 0.1f, 0.2f},
                              Architecture::Gpt2);
}

TEST(CorpusStats, Gpt2HasNoNextOrSepMetrics) {
  const CorpusStats stats = stats_of({gpt2_document()});
  std::vector<std::string> names;
  for (const auto& [name, values] : stats.metrics) names.push_back(name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"self", "prev", "cls", "punct", "entropy", "entropy_cls"}));
  EXPECT_NEAR(metric(stats, "self")[0], (1 + 0.2 + 0.2) / 3, kTol);
  EXPECT_NEAR(metric(stats, "prev")[0], (0.8 + 0.1) / 3, kTol);
  EXPECT_NEAR(metric(stats, "cls")[0], (1 + 0.8 + 0.7) / 3, kTol);  // column 0
  EXPECT_NEAR(metric(stats, "punct")[0], 0.2 / 3, kTol);
  // Masked (zero) keys are smoothed like any other.
  EXPECT_NEAR(metric(stats, "entropy")[0],
              (smoothed({1, 0, 0}) + smoothed({0.8, 0.2, 0}) + smoothed({0.7, 0.1, 0.2})) / 3,
              kTol);
  EXPECT_NEAR(metric(stats, "entropy_cls")[0], smoothed({1, 0, 0}), kTol);
  EXPECT_EQ(stats.labels, (std::vector<std::string>{"[CLS]"}));  // cls 0.833 > 0.6

  const nlohmann::json json = stats_json(stats);
  for (const char* absent : {"next", "sep", "sep_sep", "rest_sep"})
    EXPECT_FALSE(json["metrics"].contains(absent)) << absent;
  EXPECT_TRUE(json["metrics"].contains("prev"));
}

TEST(CorpusStats, LabelsFollowClarksRules) {
  // four_tokens: head 0 passes no rule (next 0.375, [SEP] 0.375...); head 1 has [SEP] 1.
  EXPECT_EQ(stats_of({four_tokens()}).labels, (std::vector<std::string>{"", "[SEP]"}));
}

// Label inputs with the metrics named in `values` ("next", "previous", "entropy", "cls", "sep",
// "punct") and the others absent.
ClarkLabelInputs inputs(const std::map<std::string, double>& values) {
  ClarkLabelInputs in;
  auto set = [&](const char* name, std::optional<double>& field) {
    if (auto it = values.find(name); it != values.end()) field = it->second;
  };
  set("next", in.next);
  set("previous", in.previous);
  set("entropy", in.entropy);
  set("cls", in.cls);
  set("sep", in.sep);
  set("punct", in.punct);
  return in;
}

TEST(ClarkLabel, LaterRulesWinAndAbsentMetricsNeverApply) {
  EXPECT_EQ(clark_label(inputs({})), "");
  EXPECT_EQ(clark_label(inputs({{"next", 0.9}})), "next");
  EXPECT_EQ(clark_label(inputs({{"next", 0.9}, {"previous", 0.6}})), "previous");
  EXPECT_EQ(clark_label(inputs({{"previous", 0.6}, {"entropy", 3.9}})), "broad");
  EXPECT_EQ(clark_label(inputs({{"entropy", 3.8}})), "");  // not above
  EXPECT_EQ(clark_label(inputs({{"entropy", 3.9}, {"cls", 0.61}})), "[CLS]");
  EXPECT_EQ(clark_label(inputs({{"cls", 0.7}, {"sep", 0.7}})), "[SEP]");
  EXPECT_EQ(clark_label(inputs({{"next", 0.9}, {"sep", 0.7}, {"punct", 0.61}})), "punct");
  EXPECT_EQ(clark_label(inputs({{"next", 0.9}, {"punct", 0.6}})), "next");
}

TEST(CorpusStats, StatsJsonFormat) {
  const nlohmann::json json = stats_json(stats_of({four_tokens(), two_tokens()}));
  EXPECT_EQ(json["model"], "hand");
  EXPECT_EQ(json["docs"], 2);
  EXPECT_EQ(json["tokens"], 6);
  EXPECT_NEAR(json["baseline_entropy"].get<double>(), (std::log(4.0) + std::log(2.0)) / 2, kTol);
  ASSERT_EQ(json["metrics"].size(), 10u);
  ASSERT_EQ(json["metrics"]["self"].size(), 1u);     // layers
  ASSERT_EQ(json["metrics"]["self"][0].size(), 2u);  // heads
  EXPECT_NEAR(json["metrics"]["self"][0][0].get<double>(), (0.5625 + 0.5) / 2, kTol);
  EXPECT_NEAR(json["metrics"]["sep"][0][1].get<double>(), (1 + 0.5) / 2, kTol);
  EXPECT_EQ(json["labels"], nlohmann::json::parse(R"([["", "[SEP]"]])"));  // sep (1 + 0.5) / 2
}

TEST(CorpusStats, MergedHalvesEqualTheWhole) {
  const std::vector<Attention> docs = {four_tokens(), two_tokens(), four_tokens()};
  CorpusStatsAccumulator whole, first, second;
  for (const auto& d : docs) whole.add_document(d);
  first.add_document(docs[0]);
  second.add_document(docs[1]);
  second.add_document(docs[2]);
  CorpusState whole_state, merged;
  whole.save(whole_state);
  first.save(merged);
  CorpusState second_state;
  second.save(second_state);
  merged.merge(second_state);
  EXPECT_EQ(stats_json(corpus_stats(merged, "m")).dump(),
            stats_json(corpus_stats(whole_state, "m")).dump());
  EXPECT_EQ(corpus_stats(merged, "m").docs, 3);
}

TEST(CorpusStats, ErrorsForMixedModelsAndEmptyState) {
  CorpusStatsAccumulator accumulator;
  accumulator.add_document(four_tokens());
  EXPECT_THROW(accumulator.add_document(gpt2_document()), Error);
  EXPECT_THROW(corpus_stats(CorpusState{}, "m"), Error);
}

}  // namespace
}  // namespace attnscope::analysis
