// Google Benchmark of the forward pass with attention capture on the full-size random
// checkpoints (scripts/make-checkpoints builds them), next to the GEMM backend's rate on the
// forward pass's largest GEMM, each in fp32 and in the bf16 fast mode. bench/compare_torch.py
// compares against PyTorch.
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
using attnscope::Precision;

fs::path scratch() {
  const char* env = std::getenv("ATTNSCOPE_TEST_SCRATCH");
  return env ? fs::path(env) : fs::path(ATTNSCOPE_SOURCE_DIR) / "build" / "test-scratch";
}

// Loaded once per process: the mapping is what a long-running server would hold.
const Model* model(const std::string& name, Precision precision) {
  static std::map<std::pair<std::string, Precision>, std::unique_ptr<Model>> loaded;
  auto& slot = loaded[{name, precision}];
  if (!slot && fs::exists(scratch() / name / "model.safetensors"))
    slot = Model::load(scratch() / name, precision);
  return slot.get();
}

double forward_flops(const attnscope::ModelConfig& c, double T, double B) {
  const double D = c.hidden_size, I = c.intermediate_size;
  return B * T * c.layers * 2 * (4 * D * D + 2 * D * I) + B * c.layers * 4 * T * T * D;
}

void forward(benchmark::State& state, const std::string& name,
             Precision precision = Precision::fp32) {
  const Model* m = model(name, precision);
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
void BM_BertForwardBf16(benchmark::State& state) {
  forward(state, "bert-base-uncased-random", Precision::bf16);
}
void BM_Gpt2ForwardBf16(benchmark::State& state) { forward(state, "gpt2-random", Precision::bf16); }

// The backend on [rows, 768] × [3072, 768]ᵀ (BERT's MLP): the ceiling for the forward pass.
void gemm_rate(benchmark::State& state, Precision precision) {
  const int rows = static_cast<int>(state.range(0)), D = 768, I = 3072;
  std::vector<float> a(static_cast<std::size_t>(rows) * D, 0.5f),
      b(static_cast<std::size_t>(D) * I, 0.25f), c(static_cast<std::size_t>(rows) * I);
  const auto b_bf16 = attnscope::to_bf16(b.data(), b.size());
  for (auto _ : state) {
    attnscope::gemm({.m = rows,
                     .n = I,
                     .k = D,
                     .a = a.data(),
                     .lda = D,
                     .b = b.data(),
                     .ldb = D,
                     .b_transposed = true,
                     .b_bf16 = precision == Precision::bf16 ? b_bf16.data() : nullptr,
                     .c = c.data(),
                     .ldc = I});
    benchmark::ClobberMemory();
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(2.0 * rows * D * I / 1e9, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Gemm(benchmark::State& state) { gemm_rate(state, Precision::fp32); }
void BM_GemmBf16(benchmark::State& state) { gemm_rate(state, Precision::bf16); }

BENCHMARK(BM_Gemm)->Arg(128)->Arg(2048)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_GemmBf16)->Arg(128)->Arg(2048)->Unit(benchmark::kMillisecond)->UseRealTime();
// T × batch, as the README's Speed table.
void forward_grid(benchmark::internal::Benchmark* b) {
  b->ArgsProduct({{32, 128, 512}, {1, 16}})->Unit(benchmark::kMillisecond)->UseRealTime();
}

BENCHMARK(BM_BertForward)->Apply(forward_grid);
BENCHMARK(BM_Gpt2Forward)->Apply(forward_grid);
BENCHMARK(BM_BertForwardBf16)->Apply(forward_grid);
BENCHMARK(BM_Gpt2ForwardBf16)->Apply(forward_grid);

}  // namespace

BENCHMARK_MAIN();
