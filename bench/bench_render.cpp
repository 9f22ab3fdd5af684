// How long a long-input figure takes: a 500-token BERT-sized head heatmap, laid out and encoded
// (the budget: under 2 s for PNG at the notebook's 150 dpi).
#include <benchmark/benchmark.h>

#include <cmath>
#include <fstream>
#include <random>

#include "render/figure_file.hpp"
#include "render/head_figure.hpp"
#include "render/layer_figure.hpp"

namespace {

using namespace attnscope;

// 500 real bert-base-uncased vocabulary entries as tokens, softmax rows of random logits.
Attention long_bert_attention(int n, int heads) {
  Attention a;
  a.model_name = "bert-base-uncased";
  std::ifstream vocab(std::string(ATTNSCOPE_SHARED_DIR) +
                      "/fixtures/vocab/bert-base-uncased-vocab.txt");
  std::string word;
  for (int skip = 0; skip < 2000 && std::getline(vocab, word); ++skip) {
  }
  for (int i = 0; i < n && std::getline(vocab, word); ++i) {
    Token t;
    t.piece = t.display = i == 0 ? "[CLS]" : i == n - 1 ? "[SEP]" : word;
    t.special = i == 0 || i == n - 1;
    a.tokens.push_back(t);
  }
  a.layers = 1;
  a.heads = heads;
  a.probs.resize(static_cast<std::size_t>(heads) * n * n);
  std::mt19937 rng(7);
  std::normal_distribution<float> logit(0, 2);
  for (std::size_t row = 0; row < a.probs.size() / n; ++row) {
    float* p = a.probs.data() + row * n;
    float sum = 0;
    for (int k = 0; k < n; ++k) sum += p[k] = std::exp(logit(rng));
    for (int k = 0; k < n; ++k) p[k] /= sum;
  }
  return a;
}

void BM_HeadFigure500(benchmark::State& state, render::Format format) {
  Attention a = long_bert_attention(500, 1);
  std::size_t bytes = 0;
  for (auto _ : state) {
    render::Scene scene = render::head_figure(a, 0, 0);
    bytes = render::render_bytes(scene, format, render::kDefaultDpi).size();
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK_CAPTURE(BM_HeadFigure500, png, render::Format::Png)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_HeadFigure500, svg, render::Format::Svg)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_HeadFigure500, pdf, render::Format::Pdf)->Unit(benchmark::kMillisecond);

void BM_LayoutOnly500(benchmark::State& state) {
  Attention a = long_bert_attention(500, 1);
  for (auto _ : state) benchmark::DoNotOptimize(render::head_figure(a, 0, 0));
}
BENCHMARK(BM_LayoutOnly500)->Unit(benchmark::kMillisecond);

void BM_LayerFigure500(benchmark::State& state) {
  Attention a = long_bert_attention(500, 12);
  for (auto _ : state)
    benchmark::DoNotOptimize(render::render_bytes(render::layer_figure(a, 0), render::Format::Png));
}
BENCHMARK(BM_LayerFigure500)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace

BENCHMARK_MAIN();
