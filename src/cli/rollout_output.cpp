#include "cli/rollout_output.hpp"

#include <cstdio>

#include "analysis/attention_flow.hpp"
#include "analysis/rollout.hpp"

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

RolloutResult compute_rollout(const Attention& attention, const std::string& method,
                              const std::string& fusion, double residual, int layer) {
  const analysis::RolloutOptions options{parse_fusion(fusion), residual};
  RolloutResult result{method, fusion, residual, layer, {}};
  if (method == "flow") {
    result.matrix = analysis::attention_flow(attention, options, layer + 1).values;
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
