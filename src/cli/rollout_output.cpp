#include "cli/rollout_output.hpp"

#include <cstdio>
#include <iostream>

#include "analysis/attention_flow.hpp"
#include "analysis/rollout.hpp"
#include "core/progress.hpp"

namespace attnscope::cli {

namespace {

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

}  // namespace

std::string flow_warning(const Attention& attention, int layer, double seconds) {
  char minutes[32];
  std::snprintf(minutes, sizeof minutes, "%.0f", seconds / 60);
  return "attention flow over " + std::to_string(attention.n()) + " tokens and " +
         std::to_string(layer + 1) + " layers will take about " + minutes +
         " min (n\u00b2 max-flow problems); attention rollout (without --flow) takes a second";
}

RolloutResult compute_rollout(const Attention& attention, const std::string& method,
                              const std::string& fusion, double residual, int layer) {
  const analysis::RolloutOptions options{parse_fusion(fusion), residual};
  RolloutResult result{method, fusion, residual, layer, {}};
  if (method == "flow") {
    ProgressBar bar("Attention flow", static_cast<std::size_t>(attention.n()), "rows");
    const analysis::FlowEstimate estimate;
    bool warned = false;
    result.matrix = analysis::attention_flow(
                        attention, options, layer + 1,
                        [&](std::size_t done, std::size_t rows) {
                          bar.set(done);
                          const double seconds = estimate.total_seconds(done, rows);
                          if (warned || seconds <= 60) return;
                          warned = true;
                          std::cerr << "\nattnscope: " << flow_warning(attention, layer, seconds)
                                    << "\n";
                        })
                        .values;
    bar.finish();
  } else {
    const auto rollout = analysis::attention_rollout(attention, options);
    const std::size_t cells = static_cast<std::size_t>(attention.n()) * attention.n();
    result.matrix.assign(rollout.layer(layer), rollout.layer(layer) + cells);
  }
  return result;
}

std::string rollout_title(const RolloutResult& result) {
  return std::string(result.method == "flow" ? "Attention flow" : "Attention rollout") +
         " after layer " + std::to_string(result.layer) + " (" + result.fusion + " over heads)";
}

nlohmann::json rollout_json(const Attention& attention, const RolloutResult& result) {
  const int n = attention.n();
  nlohmann::json json;
  json["model"] = attention.model_name;
  json["precision"] = precision_name(attention.precision);
  std::vector<std::string> pieces;
  for (const auto& token : attention.tokens) pieces.push_back(token.piece);
  json["tokens"] = pieces;
  json["method"] = result.method;
  json["fusion"] = result.fusion;
  json["residual"] = result.residual;
  json["layer"] = result.layer;
  auto& matrix = json["matrix"] = nlohmann::json::array();
  for (int i = 0; i < n; ++i)
    matrix.push_back(
        std::vector<double>(result.matrix.begin() + i * n, result.matrix.begin() + (i + 1) * n));
  return json;
}

std::string rollout_csv(const Attention& attention, const RolloutResult& result) {
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

}  // namespace attnscope::cli
