// Google Benchmark of the forward pass with attention capture on the full-size random
// checkpoints (scripts/make-checkpoints builds them), next to the GEMM backend's rate on the
// forward pass's largest GEMM. bench/compare_torch.py compares against PyTorch.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <vector>

#include "model/gemm.hpp"
#include "model/model.hpp"

namespace {

namespace fs = std::filesystem;
using attnscope::Model;

fs::path scratch() {
  const char* env = std::getenv("ATTNSCOPE_TEST_SCRATCH");
  return env ? fs::path(env) : fs::path(ATTNSCOPE_SOURCE_DIR) / "build" / "test-scratch";
}

// Loaded once per process: the mapping is what a long-running server would hold.
const Model* model(const std::string& name) {
  static std::map<std::string, std::unique_ptr<Model>> loaded;
  auto& slot = loaded[name];
  if (!slot && fs::exists(scratch() / name / "model.safetensors"))
    slot = Model::load(scratch() / name);
  return slot.get();
}

double forward_flops(const attnscope::ModelConfig& c, double T, double B) {
  const double D = c.hidden_size, I = c.intermediate_size;
  return B * T * c.layers * 2 * (4 * D * D + 2 * D * I) + B * c.layers * 4 * T * T * D;
}

void forward(benchmark::State& state, const std::string& name) {
  const Model* m = model(name);
  if (!m) {
    state.SkipWithError("checkpoint missing: run scripts/make-checkpoints first");
    return;
  }
  const int T = static_cast<int>(state.range(0)), B = static_cast<int>(state.range(1));
  attnscope::Batch batch;
  batch.size = B;
  batch.seq_len = T;
  std::mt19937 random(7);
  std::uniform_int_distribution<int32_t> token(0, m->config().vocab_size - 1);
  for (int i = 0; i < B * T; ++i) batch.ids.push_back(token(random));
  batch.lengths.assign(B, T);
  for (auto _ : state) benchmark::DoNotOptimize(m->forward(batch));
  state.counters["tokens_per_s"] =
      benchmark::Counter(static_cast<double>(B) * T, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["GFLOP/s"] = benchmark::Counter(forward_flops(m->config(), T, B) / 1e9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

void BM_BertForward(benchmark::State& state) { forward(state, "bert-base-uncased-random"); }
void BM_Gpt2Forward(benchmark::State& state) { forward(state, "gpt2-random"); }

// The backend on [rows, 768] × [3072, 768]ᵀ (BERT's MLP): the ceiling for the forward pass.
void BM_Gemm(benchmark::State& state) {
  const int rows = static_cast<int>(state.range(0)), D = 768, I = 3072;
  std::vector<float> a(static_cast<std::size_t>(rows) * D, 0.5f),
      b(static_cast<std::size_t>(D) * I, 0.25f), c(static_cast<std::size_t>(rows) * I);
  for (auto _ : state) {
    attnscope::gemm({.m = rows,
                     .n = I,
                     .k = D,
                     .a = a.data(),
                     .lda = D,
                     .b = b.data(),
                     .ldb = D,
                     .b_transposed = true,
                     .c = c.data(),
                     .ldc = I});
    benchmark::ClobberMemory();
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(2.0 * rows * D * I / 1e9, benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(BM_Gemm)->Arg(128)->Arg(2048)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_BertForward)
    ->ArgsProduct({{32, 128, 512}, {1, 16}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_Gpt2Forward)
    ->ArgsProduct({{32, 128, 512}, {1, 16}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
