// Every metric on the tiny models' golden Hugging Face attentions, against expected values
// computed here directly from the tensors (plain loops over the definitions in
// docs/analyses.md), and the repeat-random scores against the fixture's own.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <set>

#include "analysis/clark_metrics.hpp"
#include "analysis/head_detector.hpp"
#include "analysis/repeat_random.hpp"
#include "analysis/seed_patterns.hpp"
#include "analysis/seed_specialization.hpp"
#include "golden_attention.hpp"

namespace attnscope::analysis {
namespace {

constexpr double kTol = 1e-9;  // both sides sum the same float32 values in double

struct Expected {
  double locality = 0, entropy = 0, first = 0, distance = 0, punctuation = 0;
  double self = 0, next = 0, previous = 0, cls = 0, sep = 0, smoothed_entropy = 0;
  double duplicate_mul = 0, duplicate_attention = 0;
};

Expected expected_for(const Attention& attention, int layer, int head) {
  const int n = attention.n();
  const std::set<std::string> seed_marks = {".", ",", "!", "?", ";", ":"};
  Expected e;
  int punctuation_count = 0;
  for (int j = 0; j < n; ++j) punctuation_count += seed_marks.count(attention.tokens[j].piece);
  for (int i = 0; i < n; ++i) {
    double row_entropy = 0, row_smoothed = 0;
    for (int j = 0; j < n; ++j) {
      const double a = attention.at(layer, head, i, j);
      const auto& piece = attention.tokens[j].piece;
      if (std::abs(i - j) <= 2) e.locality += a / n;
      row_entropy -= a * std::log(a + 1e-10);
      const double smooth = 0.9999 * a + 1e-4 / n;
      row_smoothed -= smooth * std::log(smooth);
      if (j == 0) e.first += a / n;
      e.distance += a / (std::abs(i - j) + 1) / (n * n);
      if (seed_marks.count(piece)) e.punctuation += a / n / punctuation_count;
      if (j == i) e.self += a / n;
      if (j == i + 1) e.next += a / n;
      if (j == i - 1) e.previous += a / n;
      if (piece == "[CLS]") e.cls += a / n;
      if (piece == "[SEP]") e.sep += a / n;
      if (j < i && attention.tokens[j].id == attention.tokens[i].id) e.duplicate_attention += a;
    }
    e.entropy += row_entropy / n;
    e.smoothed_entropy += row_smoothed / n;
  }
  e.duplicate_mul = e.duplicate_attention / n;  // ΣA = n: every row sums to 1
  return e;
}

TEST(GoldenMetrics, EveryHeadOfEveryTinyText) {
  const auto store = io::read_safetensors(test::golden_dir() / "golden_tiny.safetensors");
  const auto manifest = test::golden_manifest();
  int heads_checked = 0;
  for (const auto& entry : manifest["entries"]["tiny"]) {
    const auto attention = test::golden_attention(store, entry);
    SCOPED_TRACE(entry["key"].get<std::string>());
    const auto patterns = seed_patterns(attention);
    const auto specialization = seed_specialization(attention);
    const auto clark = clark_metrics(attention);
    const auto detected = detect_heads(attention, {DetectorPattern::DuplicateToken}, {});
    for (int layer = 0; layer < attention.layers; ++layer)
      for (int head = 0; head < attention.heads; ++head) {
        const auto e = expected_for(attention, layer, head);
        EXPECT_NEAR(patterns.at("locality", layer, head), e.locality, kTol);
        EXPECT_NEAR(patterns.at("entropy", layer, head), e.entropy, kTol);
        if (attention.n() > 1) {
          EXPECT_NEAR(patterns.at("entropy_normalized", layer, head),
                      e.entropy / std::log(attention.n()), kTol);
        }
        EXPECT_NEAR(patterns.at("first_token", layer, head), e.first, kTol);
        EXPECT_NEAR(specialization.at("distance", layer, head), e.distance, kTol);
        EXPECT_NEAR(specialization.at("punctuation", layer, head), e.punctuation, kTol);
        EXPECT_NEAR(clark.at("self", layer, head), e.self, kTol);
        EXPECT_NEAR(clark.at("previous_token", layer, head), e.previous, kTol);
        if (attention.causal()) {
          // No next token, no [SEP]; "cls" is the first token, as patterns' first_token.
          EXPECT_FALSE(clark.has("next_token"));
          EXPECT_FALSE(clark.has("sep"));
          EXPECT_NEAR(clark.at("cls", layer, head), e.first, kTol);
        } else {
          EXPECT_NEAR(clark.at("next_token", layer, head), e.next, kTol);
          EXPECT_NEAR(clark.at("cls", layer, head), e.cls, kTol);
          EXPECT_NEAR(clark.at("sep", layer, head), e.sep, kTol);
        }
        EXPECT_NEAR(clark.at("entropy_smoothed", layer, head), e.smoothed_entropy, 1e-7);
        EXPECT_NEAR(detected.at("duplicate_token", layer, head), e.duplicate_mul, 1e-6);
        ++heads_checked;
      }
  }
  EXPECT_EQ(heads_checked, 28 * 12);
}

TEST(GoldenMetrics, RepeatRandomScoresEqualTheFixtures) {
  const auto store = io::read_safetensors(test::golden_dir() / "golden_induction.safetensors");
  const auto ids = store.to_i64("repeat_random.input_ids");              // [10, 101]
  const auto probs = store.to_f32("repeat_random.attentions");           // [10, 2, 2, 101, 101]
  const auto induction = store.to_f32("repeat_random.induction_score");  // [2, 2]
  const auto previous = store.to_f32("repeat_random.previous_token_score");
  constexpr int kBatch = 10, kN = 101, kLayers = 2, kHeads = 2;
  const std::size_t per_text = static_cast<std::size_t>(kLayers) * kHeads * kN * kN;
  ScoreAverage average;
  for (int b = 0; b < kBatch; ++b) {
    Attention attention;
    attention.architecture = Architecture::Gpt2;
    attention.layers = kLayers;
    attention.heads = kHeads;
    attention.tokens.resize(kN);
    for (int i = 0; i < kN; ++i) attention.tokens[i].id = static_cast<int32_t>(ids[b * kN + i]);
    attention.probs.assign(probs.begin() + b * per_text, probs.begin() + (b + 1) * per_text);
    average.add(repeat_random_scores(attention, 50, 1));
  }
  const auto scores = average.mean();
  for (int layer = 0; layer < kLayers; ++layer)
    for (int head = 0; head < kHeads; ++head) {
      EXPECT_NEAR(scores.at("induction", layer, head), induction[layer * kHeads + head], 1e-6);
      EXPECT_NEAR(scores.at("previous_token", layer, head), previous[layer * kHeads + head], 1e-6);
    }
  EXPECT_EQ(scores.ranked("induction").front().layer, 1);
  EXPECT_EQ(scores.ranked("previous_token").front().layer, 0);
}

}  // namespace
}  // namespace attnscope::analysis
