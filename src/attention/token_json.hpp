#pragma once
// One token as the JSON object every machine-readable output uses (extract, the explorer API).
#include <nlohmann/json.hpp>

#include "attention/attention.hpp"

namespace attnscope {

// {"id", "piece", "display", "start", "end", "special"}
nlohmann::json token_json(const Token& token);

}  // namespace attnscope
