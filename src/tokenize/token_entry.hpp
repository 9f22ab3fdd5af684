#pragma once
// A special-token entry of tokenizer_config.json: "[CLS]" or {"content": "[CLS]", ...}.
#include <nlohmann/json.hpp>
#include <string>

namespace attnscope {

// The token's text, or "" when the entry is neither form.
inline std::string token_content(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_object() && value.contains("content") && value["content"].is_string()) {
    return value["content"].get<std::string>();
  }
  return {};
}

}  // namespace attnscope
