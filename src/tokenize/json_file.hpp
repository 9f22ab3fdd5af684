#pragma once
// Reading the JSON files of a model folder with errors that name the file.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace attnscope {

nlohmann::json read_json_file(const std::filesystem::path& path);

// A special-token entry of tokenizer_config.json: "[CLS]" or {"content": "[CLS]", ...}.
std::string token_content(const nlohmann::json& value);

}  // namespace attnscope
