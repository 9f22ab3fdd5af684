// Tokens per second of both tokenizers on the 2,001 sentences of UD English-EWT dev, one core.
// Targets: >= 1 M tokens/s WordPiece, >= 0.5 M tokens/s byte-level BPE.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tokenize/tokenizer.hpp"

namespace {

const std::filesystem::path kShared = ATTNSCOPE_SHARED_DIR;

const std::vector<std::string>& sentences() {
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> out;
    std::ifstream in(kShared / "data/ud/en_ewt-ud-dev.conllu");
    const std::string prefix = "# text = ";
    for (std::string line; std::getline(in, line);) {
      if (line.starts_with(prefix)) out.push_back(line.substr(prefix.size()));
    }
    return out;
  }();
  return texts;
}

std::unique_ptr<attnscope::Tokenizer> load(const char* fixture, const char* type) {
  return attnscope::Tokenizer::load(kShared / "fixtures/models" / fixture, type);
}

void tokenize_corpus(benchmark::State& state, const attnscope::Tokenizer& tokenizer) {
  attnscope::EncodeOptions options;
  options.add_special_tokens = false;
  int64_t tokens = 0;
  for (const std::string& text : sentences()) tokens += tokenizer.encode(text, options).size();
  benchmark::DoNotOptimize(tokens);
  state.counters["tokens"] = static_cast<double>(tokens);
  state.counters["sentences"] = static_cast<double>(sentences().size());
  state.counters["tokens_per_s"] = benchmark::Counter(
      static_cast<double>(tokens), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_WordPiece(benchmark::State& state) {
  const auto tokenizer = load("tiny-bert", "bert");
  for (auto _ : state) tokenize_corpus(state, *tokenizer);
}
BENCHMARK(BM_WordPiece)->Unit(benchmark::kMillisecond);

// Steady state: after the first pass every word is in the BPE cache, as in a long session.
void BM_ByteBpe(benchmark::State& state) {
  const auto tokenizer = load("tiny-gpt2", "gpt2");
  for (auto _ : state) tokenize_corpus(state, *tokenizer);
}
BENCHMARK(BM_ByteBpe)->Unit(benchmark::kMillisecond);

// A fresh tokenizer each pass: every word is merged from bytes the first time it is seen.
void BM_ByteBpeColdCache(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    auto tokenizer = load("tiny-gpt2", "gpt2");
    state.ResumeTiming();
    tokenize_corpus(state, *tokenizer);
    state.PauseTiming();
    tokenizer.reset();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_ByteBpeColdCache)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace

BENCHMARK_MAIN();
