#pragma once
// Attention rollout or flow of one text after one layer, and its JSON and CSV: what the rollout
// command writes and what the report puts next to its rollout figure.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "attention/attention.hpp"

namespace attnscope::cli {

struct RolloutResult {
  std::string method;  // "rollout" or "flow"
  std::string fusion;  // how heads are combined: "mean", "max" or "min"
  double residual = 0.5;
  int layer = 0;               // 0-based attention layer the matrix is taken after
  std::vector<double> matrix;  // [position][input], rows summing to 1
};

// Flow over long inputs shows a progress bar and warns once its expected time passes a minute.
RolloutResult compute_rollout(const Attention& attention, const std::string& method,
                              const std::string& fusion, double residual, int layer);

// What a flow expected to take `seconds` says before it goes on ("... will take about 6 min ...").
std::string flow_warning(const Attention& attention, int layer, double seconds);

// "Attention rollout after layer 11 (mean over heads)".
std::string rollout_title(const RolloutResult& result);

// {"model", "tokens", "method", "fusion", "residual", "layer", "matrix": [[...] per position]}.
nlohmann::json rollout_json(const Attention& attention, const RolloutResult& result);
// position,input,position_token,input_token,value: one row per cell.
std::string rollout_csv(const Attention& attention, const RolloutResult& result);

}  // namespace attnscope::cli
