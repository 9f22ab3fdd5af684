// attnscope rollout: attention rollout and attention flow (Abnar & Zuidema 2020) for one text:
// how much each position after a layer draws on each input token, as a matrix (terminal, JSON,
// CSV, safetensors) and a heatmap figure.
#include "analysis/rollout.hpp"

#include <algorithm>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <memory>
#include <numeric>

#include "analysis/attention_flow.hpp"
#include "cli/analysis_output.hpp"
#include "cli/command.hpp"
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

analysis::HeadFusion parse_fusion(const std::string& name) {
  if (name == "max") return analysis::HeadFusion::Max;
  if (name == "min") return analysis::HeadFusion::Min;
  return analysis::HeadFusion::Mean;
}

std::string csv_field(const std::string& text) {
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// `text` left-aligned in `width` columns, counting code points (setw counts bytes, and pieces
// like GPT-2's "Ġcat" are multi-byte).
std::string padded(const std::string& text, int width) {
  int columns = 0;
  for (unsigned char c : text) columns += (c & 0xC0) != 0x80;
  return text + std::string(std::max(0, width - columns), ' ');
}

struct Result {
  std::string method;  // "rollout" or "flow"
  int layer = 0;       // 0-based attention layer the matrix is taken after
  std::vector<double> matrix;
};

void print_matrix(const Attention& attention, const Result& result, const RolloutArgs& args) {
  const int n = attention.n();
  std::cout << "Attention " << result.method << " after layer " << result.layer << " ("
            << args.fusion << " over heads, residual " << args.residual
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

nlohmann::json result_json(const Attention& attention, const Result& result,
                           const RolloutArgs& args) {
  const int n = attention.n();
  nlohmann::json json;
  json["model"] = attention.model_name;
  std::vector<std::string> pieces;
  for (const auto& token : attention.tokens) pieces.push_back(token.piece);
  json["tokens"] = pieces;
  json["method"] = result.method;
  json["fusion"] = args.fusion;
  json["residual"] = args.residual;
  json["layer"] = result.layer;
  auto& matrix = json["matrix"] = nlohmann::json::array();
  for (int i = 0; i < n; ++i)
    matrix.push_back(
        std::vector<double>(result.matrix.begin() + i * n, result.matrix.begin() + (i + 1) * n));
  return json;
}

std::string result_csv(const Attention& attention, const Result& result) {
  const int n = attention.n();
  std::string csv = "position,input,position_token,input_token,value\n";
  char number[32];
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      std::snprintf(number, sizeof number, "%.17g",
                    result.matrix[static_cast<std::size_t>(i) * n + j]);
      csv += std::to_string(i) + "," + std::to_string(j) + "," +
             csv_field(attention.tokens[i].piece) + "," + csv_field(attention.tokens[j].piece) +
             "," + number + "\n";
    }
  return csv;
}

std::string f64_bytes(const std::vector<double>& values) {
  std::string bytes(values.size() * sizeof(double), '\0');
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

void write_safetensors(const std::string& path, const Attention& attention, const Result& result,
                       const RolloutArgs& args) {
  io::SafetensorsWriter writer;
  const int64_t n = attention.n();
  std::vector<int64_t> ids;
  for (const auto& token : attention.tokens) ids.push_back(token.id);
  writer.add_i64("input_ids", {n}, ids);
  writer.add(result.method, io::DType::F64, {n, n}, f64_bytes(result.matrix));
  writer.metadata = {{"model", attention.model_name},
                     {"method", result.method},
                     {"fusion", args.fusion},
                     {"residual", std::to_string(args.residual)},
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
  const int layer = render::resolve_layer(attention, args.layer);
  const analysis::RolloutOptions options{parse_fusion(args.fusion), args.residual};

  Result result{args.flow ? "flow" : "rollout", layer, {}};
  if (args.flow) {
    result.matrix = analysis::attention_flow(attention, options, layer + 1).values;
  } else {
    const auto rollout = analysis::attention_rollout(attention, options);
    const std::size_t cells = static_cast<std::size_t>(attention.n()) * attention.n();
    result.matrix.assign(rollout.layer(layer), rollout.layer(layer) + cells);
  }

  write_outputs_of_kind(args.output, OutputKind::Json,
                        [&] { return result_json(attention, result, args).dump(1) + "\n"; });
  write_outputs_of_kind(args.output, OutputKind::Csv,
                        [&] { return result_csv(attention, result); });
  for (const auto& output : args.output.outputs) {
    if (output_kind(output) == OutputKind::Safetensors)
      write_safetensors(output, attention, result, args);
    if (output_kind(output) != OutputKind::Figure) continue;
    const std::string title = std::string(args.flow ? "Attention flow" : "Attention rollout") +
                              " after layer " + std::to_string(layer) + " (" + args.fusion +
                              " over heads)";
    render::save_figure(
        render::rollout_figure(attention, result.matrix, title, {.hide_special = args.no_special}),
        output, render::format_for(output), args.output.dpi);
    std::cerr << "wrote " << output << "\n";
  }
  if (args.output.json) std::cout << result_json(attention, result, args).dump(1) << "\n";
  if (args.output.csv) std::cout << result_csv(attention, result);
  if (!args.output.machine_stdout()) print_matrix(attention, result, args);
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
