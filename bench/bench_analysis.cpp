// Throughput of the head analyses on attention of full-size BERT's shape (12 layers × 12 heads)
// with random row-stochastic weights: the targets are "all analyses at T = 128 faster than the
// forward pass that produced the attention" and "attention flow at T = 64 under 5 s"; and the
// corpus command's head distance (10,296 pairs × n² cells per document, its analyses must cost
// at most 10% of the forward pass: ~3 ms for a 30-token sentence here) and its final MDS.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

#include "analysis/attention_flow.hpp"
#include "analysis/clark_metrics.hpp"
#include "analysis/head_detector.hpp"
#include "analysis/head_distance.hpp"
#include "analysis/rollout.hpp"
#include "analysis/seed_explorer.hpp"
#include "analysis/seed_patterns.hpp"
#include "analysis/seed_specialization.hpp"
#include "analysis/seed_summary.hpp"
#include "core/parallel.hpp"

namespace {

using namespace attnscope;

Attention random_attention(int n, int layers = 12, int heads = 12) {
  Attention attention;
  attention.model_name = "synthetic-bert-base";
  attention.layers = layers;
  attention.heads = heads;
  std::mt19937 engine(42);
  std::uniform_int_distribution<int32_t> id(0, 30521);
  // Softmax of random logits, like real attention rows (a few large weights, a long tail).
  std::normal_distribution<float> logit(0.0f, 2.0f);
  for (int i = 0; i < n; ++i) {
    Token token;
    token.id = id(engine) % 200;  // a small id range so duplicate/induction patterns occur
    token.piece = std::string(1, i % 10 == 9 ? '.' : 'w');  // punctuation every 10th token
    attention.tokens.push_back(token);
  }
  attention.probs.resize(static_cast<std::size_t>(layers) * heads * n * n);
  for (std::size_t row = 0; row < attention.probs.size(); row += n) {
    float sum = 0;
    for (int j = 0; j < n; ++j) sum += attention.probs[row + j] = std::exp(logit(engine));
    for (int j = 0; j < n; ++j) attention.probs[row + j] /= sum;
  }
  return attention;
}

const Attention& attention_of(int n) {
  static const Attention t64 = random_attention(64);
  static const Attention t128 = random_attention(128);
  if (n == 64) return t64;
  if (n == 128) return t128;
  static const Attention t312 = random_attention(312);  // the paragraph length
  return t312;
}

const std::vector<analysis::DetectorPattern> kAllPatterns = {
    analysis::DetectorPattern::PreviousToken, analysis::DetectorPattern::DuplicateToken,
    analysis::DetectorPattern::Induction};

void BM_SeedPatterns(benchmark::State& state) {
  const auto& attention = attention_of(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(analysis::seed_patterns(attention));
}
BENCHMARK(BM_SeedPatterns)->Arg(128)->Unit(benchmark::kMillisecond);

void BM_ClarkMetrics(benchmark::State& state) {
  const auto& attention = attention_of(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(analysis::clark_metrics(attention));
}
BENCHMARK(BM_ClarkMetrics)->Arg(128)->Unit(benchmark::kMillisecond);

void BM_DetectHeads(benchmark::State& state) {
  const auto& attention = attention_of(state.range(0));
  for (auto _ : state)
    benchmark::DoNotOptimize(analysis::detect_heads(attention, kAllPatterns, {}));
}
BENCHMARK(BM_DetectHeads)->Arg(128)->Unit(benchmark::kMillisecond);

void BM_Rollout(benchmark::State& state) {
  const auto& attention = attention_of(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(analysis::attention_rollout(attention, {}));
}
BENCHMARK(BM_Rollout)->Arg(128)->Unit(benchmark::kMillisecond);

// Everything the analysis commands and the report compute for one text, except flow.
void BM_AllAnalyses(benchmark::State& state) {
  const auto& attention = attention_of(state.range(0));
  for (auto _ : state) {
    benchmark::DoNotOptimize(analysis::seed_patterns(attention));
    benchmark::DoNotOptimize(analysis::seed_specialization(attention));
    benchmark::DoNotOptimize(analysis::seed_explorer(attention));
    benchmark::DoNotOptimize(analysis::seed_summary(attention));
    benchmark::DoNotOptimize(analysis::clark_metrics(attention));
    benchmark::DoNotOptimize(analysis::detect_heads(attention, kAllPatterns, {}));
    benchmark::DoNotOptimize(analysis::attention_rollout(attention, {}));
  }
}
BENCHMARK(BM_AllAnalyses)->Arg(128)->Unit(benchmark::kMillisecond);

// n² max-flow solves on a (12 + 1)·n-node network, each costing about its augmenting paths (~n·L).
void BM_AttentionFlow(benchmark::State& state) {
  const auto& attention = attention_of(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(analysis::attention_flow(attention, {}));
}
BENCHMARK(BM_AttentionFlow)
    ->Arg(64)
    ->Arg(128)
    ->Arg(312)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

// range(0) = tokens, range(1) = threads (0: all cores).
void BM_HeadDistanceDocument(benchmark::State& state) {
  set_thread_count(static_cast<int>(state.range(1)));
  const Attention attention = random_attention(static_cast<int>(state.range(0)));
  analysis::HeadDistanceAccumulator accumulator;
  for (auto _ : state) accumulator.add_document(attention);
  state.counters["tokens/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * attention.n(), benchmark::Counter::kIsRate);
  set_thread_count(0);
}
BENCHMARK(BM_HeadDistanceDocument)
    ->Args({30, 1})
    ->Args({30, 0})
    ->Args({128, 0})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

void BM_HeadMapMds(benchmark::State& state) {
  analysis::HeadDistanceAccumulator accumulator;
  for (int doc = 0; doc < 3; ++doc) accumulator.add_document(random_attention(30 + doc));
  analysis::CorpusState corpus;
  accumulator.save(corpus);
  for (auto _ : state) benchmark::DoNotOptimize(analysis::head_distance(corpus));
}
BENCHMARK(BM_HeadMapMds)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
