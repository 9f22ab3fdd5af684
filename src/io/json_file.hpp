#pragma once
// Reading the small JSON files of a model folder (config.json, the shard index) with errors a
// user can act on.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace attnscope::io {

// Throws Error naming the file when it is missing or not valid JSON.
nlohmann::json read_json_file(const std::filesystem::path& path);

// `object[key]` as T; throws Error naming `source` and the key when absent or of another type.
template <typename T>
T json_value(const nlohmann::json& object, const std::string& key, const std::string& source);

}  // namespace attnscope::io
