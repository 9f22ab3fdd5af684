// Cost of the corpus command's head distance on BERT-base's 144 heads: the per-document JS
// sums (10,296 pairs × n² cells) at a typical en_ewt sentence length, and the final MDS. The
// target: the corpus analyses together cost at most 10% of the forward pass (~900 tokens/s here,
// so ~3 ms for a 30-token sentence).
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

#include "analysis/head_distance.hpp"
#include "core/parallel.hpp"

namespace {

using namespace attnscope;

Attention random_attention(int n, int layers = 12, int heads = 12) {
  Attention attention;
  attention.layers = layers;
  attention.heads = heads;
  attention.tokens.resize(n);
  std::mt19937 engine(42);
  std::normal_distribution<float> logit(0.0f, 2.0f);
  attention.probs.resize(static_cast<std::size_t>(layers) * heads * n * n);
  for (std::size_t row = 0; row < attention.probs.size(); row += n) {
    float sum = 0;
    for (int j = 0; j < n; ++j) sum += attention.probs[row + j] = std::exp(logit(engine));
    for (int j = 0; j < n; ++j) attention.probs[row + j] /= sum;
  }
  return attention;
}

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
