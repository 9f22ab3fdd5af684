// attnscope bench: forward passes with attention capture on random ids, timed. The last line of
// stdout is one JSON object for scripts (bench/compare_torch.py reads it). Under --precision bf16
// the fp32 forward runs alternately on the same batch, for the speed-up and the largest
// attention-probability difference.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"
#include "model/gemm.hpp"
#include "model/model.hpp"

namespace attnscope::cli {
namespace {

struct BenchArgs {
  ModelArgs model;
  int seq_len = 128;
  int batch = 1;
  int repeat = 5;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// The forward pass's multiply-adds ×2, counted as ../shared/perf/torch_eager.py counts them:
// the four D×D projections, the two MLP matrices and the two T×T attention products.
double forward_flops(const ModelConfig& c, int T, int B) {
  const double D = c.hidden_size, I = c.intermediate_size;
  return static_cast<double>(B) * T * c.layers * 2 * (4 * D * D + 2 * D * I) +
         static_cast<double>(B) * c.layers * 4.0 * T * T * D;
}

// The GEMM backend's own rate, in this process and with these threads, on one layer's weight
// products at the forward pass's rows (q|k|v, the output projection, the two MLP matrices, laid
// out [out, in] as both models keep them): the ceiling the forward pass is measured against. bf16
// times the bf16 products the fast mode runs.
double gemm_gflops(const ModelConfig& c, int rows, int repeat, Precision precision) {
  const int D = c.hidden_size, I = c.intermediate_size;
  struct Product {
    int n, k;
  };
  const Product layer[] = {{3 * D, D}, {D, D}, {I, D}, {D, I}};
  std::vector<float> a(static_cast<std::size_t>(rows) * std::max(D, I), 0.5f),
      b(static_cast<std::size_t>(D) * std::max(3 * D, I), 0.25f),
      out(static_cast<std::size_t>(rows) * std::max(3 * D, I));
  const std::vector<std::uint16_t> b_bf16 =
      precision == Precision::bf16 ? to_bf16(b.data(), b.size()) : std::vector<std::uint16_t>{};
  double flops = 0;
  auto once = [&] {
    for (const Product& p : layer) {
      gemm({.m = rows,
            .n = p.n,
            .k = p.k,
            .a = a.data(),
            .lda = p.k,
            .b = b.data(),
            .ldb = p.k,
            .b_transposed = true,
            .b_bf16 = b_bf16.empty() ? nullptr : b_bf16.data(),
            .c = out.data(),
            .ldc = p.n});
    }
  };
  for (const Product& p : layer) flops += 2.0 * rows * p.n * p.k;
  once();  // builds the kernels
  std::vector<double> times;
  for (int r = 0; r < std::max(repeat, 3); ++r) {
    auto start = std::chrono::steady_clock::now();
    once();
    times.push_back(seconds_since(start));
  }
  return flops / median(times) / 1e9;
}

double max_abs_difference(const std::vector<float>& a, const std::vector<float>& b) {
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    worst = std::max(worst, std::fabs(static_cast<double>(a[i]) - b[i]));
  return worst;
}

void run(const BenchArgs& args) {
  apply_threads(args.model);
  const auto dir = hub::resolve_model(args.model.single(), args.model.resolve());
  auto model = Model::load(dir, args.model.precision());
  const bool fast = args.model.precision() == Precision::bf16;
  std::unique_ptr<Model> reference = fast ? Model::load(dir) : nullptr;  // fp32
  const ModelConfig& config = model->config();
  if (args.seq_len > config.max_positions)
    throw UsageError("--seq-len " + std::to_string(args.seq_len) +
                     " exceeds the model's maximum of " + std::to_string(config.max_positions));
  Batch batch;
  batch.size = args.batch;
  batch.seq_len = args.seq_len;
  std::mt19937 random(2026);
  std::uniform_int_distribution<int32_t> token(0, config.vocab_size - 1);
  for (int i = 0; i < args.batch * args.seq_len; ++i) batch.ids.push_back(token(random));
  batch.lengths.assign(args.batch, args.seq_len);

  // Warm-up: page in the weights, grow the allocator.
  const ForwardOutput output = model->forward(batch);
  const ForwardOutput fp32_output = fast ? reference->forward(batch) : ForwardOutput{};
  std::vector<double> times, fp32_times;
  for (int r = 0; r < args.repeat; ++r) {
    auto start = std::chrono::steady_clock::now();
    model->forward(batch);
    times.push_back(seconds_since(start));
    std::cerr << "run " << r + 1 << "/" << args.repeat << ": " << times.back() << " s";
    if (fast) {
      start = std::chrono::steady_clock::now();
      reference->forward(batch);
      fp32_times.push_back(seconds_since(start));
      std::cerr << " (fp32: " << fp32_times.back() << " s)";
    }
    std::cerr << "\n";
  }
  const double seconds = median(times);
  const double gflops = forward_flops(config, args.seq_len, args.batch) / seconds / 1e9;
  const double gemm_rate =
      gemm_gflops(config, args.batch * args.seq_len, args.repeat, args.model.precision());
  nlohmann::json result = {{"model_type", config.model_type},
                           {"precision", precision_name(args.model.precision())},
                           {"seq_len", args.seq_len},
                           {"batch", args.batch},
                           {"threads", thread_count()},
                           {"gemm_backend", gemm_backend()},
                           {"gemm_isa", gemm_isa()},
                           {"tokens_per_s", args.batch * args.seq_len / seconds},
                           {"gflops", gflops},
                           {"seconds_per_batch", seconds},
                           {"gemm_gflops", gemm_rate},
                           {"fraction_of_gemm", gflops / gemm_rate}};
  if (fast) {
    result["fp32_seconds_per_batch"] = median(fp32_times);
    result["speedup_vs_fp32"] = median(fp32_times) / seconds;
    result["max_attention_error_vs_fp32"] =
        max_abs_difference(output.attentions, fp32_output.attentions);
  }
  std::cout << result.dump() << std::endl;
}

const Command reg(90, [](CLI::App& root) {
  auto args = std::make_shared<BenchArgs>();
  auto* cmd = root.add_subcommand("bench", "Time the forward pass with attention capture");
  add_model_args(cmd, args->model);
  cmd->add_option("--seq-len", args->seq_len, "Tokens per text")
      ->check(at_least_one())
      ->capture_default_str();
  cmd->add_option("--batch", args->batch, "Texts per forward pass")
      ->check(at_least_one())
      ->capture_default_str();
  cmd->add_option("--repeat", args->repeat, "Timed runs after one warm-up (the median is reported)")
      ->check(at_least_one())
      ->capture_default_str();
  cmd->footer("Example: attnscope bench --model ./bert-base-uncased --seq-len 128 --batch 16");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace attnscope::cli
