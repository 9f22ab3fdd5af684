// attnscope rollout: attention rollout and attention flow (Abnar & Zuidema 2020) for one text:
// how much each position after a layer draws on each input token, as a matrix (terminal, JSON,
// CSV, safetensors) and a heatmap figure.
#include <algorithm>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <memory>
#include <numeric>

#include "cli/analysis_output.hpp"
#include "cli/command.hpp"
#include "cli/rollout_output.hpp"
#include "core/error.hpp"
#include "io/safetensors.hpp"
#include "render/layer_head.hpp"
#include "render/rollout_figure.hpp"

namespace attnscope::cli {
namespace {

struct RolloutArgs {
  ModelArgs model;
  InputArgs input;
  AnalysisOutputArgs output;
  std::string fusion = "mean";
  double residual = 0.5;
  bool flow = false;
  int layer = -1;
  bool no_special = false;
};

// `text` left-aligned in `width` columns, counting code points (setw counts bytes, and pieces
// like GPT-2's "Ġcat" are multi-byte).
std::string padded(const std::string& text, int width) {
  int columns = 0;
  for (unsigned char c : text) columns += (c & 0xC0) != 0x80;
  return text + std::string(std::max(0, width - columns), ' ');
}

void print_matrix(const Attention& attention, const RolloutResult& result) {
  const int n = attention.n();
  std::cout << "Attention " << result.method << " after layer " << result.layer << " ("
            << result.fusion << " over heads, residual " << result.residual
            << "): the input tokens each position draws on most\n\n";
  for (int i = 0; i < n; ++i) {
    const double* row = result.matrix.data() + static_cast<std::size_t>(i) * n;
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    const int shown = std::min(3, n);
    std::partial_sort(order.begin(), order.begin() + shown, order.end(),
                      [&](int a, int b) { return row[a] > row[b]; });
    std::cout << "  " << std::setw(3) << i << " " << padded(attention.tokens[i].piece, 14);
    for (int k = 0; k < shown; ++k)
      std::cout << "  " << attention.tokens[order[k]].piece << " " << std::fixed
                << std::setprecision(3) << row[order[k]] << std::defaultfloat;
    std::cout << "\n";
  }
}

std::string f64_bytes(const std::vector<double>& values) {
  std::string bytes(values.size() * sizeof(double), '\0');
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

void write_safetensors(const std::string& path, const Attention& attention,
                       const RolloutResult& result) {
  io::SafetensorsWriter writer;
  const int64_t n = attention.n();
  std::vector<int64_t> ids;
  for (const auto& token : attention.tokens) ids.push_back(token.id);
  writer.add_i64("input_ids", {n}, ids);
  writer.add(result.method, io::DType::F64, {n, n}, f64_bytes(result.matrix));
  writer.metadata = {{"model", attention.model_name},
                     {"precision", std::string(precision_name(attention.precision))},
                     {"method", result.method},
                     {"fusion", result.fusion},
                     {"residual", std::to_string(result.residual)},
                     {"layer", std::to_string(result.layer)}};
  writer.write(path);
  std::cerr << "wrote " << path << "\n";
}

void run(const RolloutArgs& args) {
  check_analysis_outputs(args.output, /*allow_safetensors=*/true);
  if (args.residual < 0 || args.residual > 1)
    throw UsageError("--residual must lie in 0..1 (the identity's share); got " +
                     std::to_string(args.residual));
  const auto model = load_model(args.model);
  const auto texts = args.input.collect();
  if (texts.size() != 1)
    throw UsageError(
        "rollout takes exactly one --text (matrices of different texts cannot be "
        "averaged); got " +
        std::to_string(texts.size()));
  const Attention attention = capture_attention(model, texts.front(), args.input.capture());
  const RolloutResult result =
      compute_rollout(attention, args.flow ? "flow" : "rollout", args.fusion, args.residual,
                      render::resolve_layer(attention, args.layer));

  write_outputs_of_kind(args.output, OutputKind::Json,
                        [&] { return rollout_json(attention, result).dump(1) + "\n"; });
  write_outputs_of_kind(args.output, OutputKind::Csv,
                        [&] { return rollout_csv(attention, result); });
  for (const auto& output : args.output.outputs) {
    if (output_kind(output) == OutputKind::Safetensors)
      write_safetensors(output, attention, result);
    if (output_kind(output) != OutputKind::Figure) continue;
    render::save_figure(render::rollout_figure(attention, result.matrix, rollout_title(result),
                                               {.hide_special = args.no_special}),
                        output, render::format_for(output), args.output.dpi);
    std::cerr << "wrote " << output << "\n";
  }
  if (args.output.json) std::cout << rollout_json(attention, result).dump(1) << "\n";
  if (args.output.csv) std::cout << rollout_csv(attention, result);
  if (!args.output.machine_stdout()) print_matrix(attention, result);
}

const Command reg(53, [](CLI::App& root) {
  auto args = std::make_shared<RolloutArgs>();
  auto* cmd = root.add_subcommand(
      "rollout", "Attention rollout or attention flow: what each position draws from the inputs");
  add_model_args(cmd, args->model);
  add_input_args(cmd, args->input, /*repeatable=*/false);
  add_analysis_output_args(cmd, args->output, ".json, .csv, .safetensors");
  cmd->add_option("--fusion", args->fusion, "Combine heads by mean, max or min")
      ->capture_default_str()
      ->check(CLI::IsMember({"mean", "max", "min"}));
  cmd->add_option("--residual", args->residual,
                  "Share of the identity mixed into each layer (the residual connection)")
      ->capture_default_str();
  cmd->add_flag("--flow", args->flow, "Attention flow (max-flow through the layers) instead");
  cmd->add_option("--layer", args->layer,
                  "Up to which layer (0-based; negative counts from the end)")
      ->capture_default_str();
  cmd->add_flag("--no-special", args->no_special, "Hide [CLS]/[SEP]/BOS in the figure");
  cmd->footer(
      "Example: attnscope rollout --model bert-base-uncased --text \"The cat sat on the mat.\" -o "
      "rollout.png\n"
      "         attnscope rollout --model gpt2 --text \"Hello world\" --flow --json");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace attnscope::cli
