#pragma once
// Reading the small JSON files of a model folder (config.json, the shard index) with errors a
// user can act on, and writing JSON text that never fails.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace attnscope::io {

// Throws Error naming the file when it is missing, not a regular file or not valid JSON.
nlohmann::json read_json_file(const std::filesystem::path& path);

// `object[key]` as T (std::string, double or bool); throws Error naming `source` and the key when
// absent, null or of another JSON type (no conversions: true is not a number, 1 not a bool).
template <typename T>
T json_value(const nlohmann::json& object, const std::string& key, const std::string& source);

// The same, or `fallback` when the key is absent or null.
template <typename T>
T json_value_or(const nlohmann::json& object, const std::string& key, const std::string& source,
                T fallback);

// `object[key]` as a count: a JSON integer from 1 to `max`. 4.7, true, 1e30 and 4294967300 are
// refused (one line naming `source`, the key and the value), never rounded or wrapped.
int json_count(const nlohmann::json& object, const std::string& key, const std::string& source,
               int max);

// Compact JSON text of `value`. Strings that are not UTF-8 (a folder name in Latin-1 becomes the
// model's name) get U+FFFD for their bad bytes, where nlohmann's dump() would throw.
std::string json_text(const nlohmann::json& value);

}  // namespace attnscope::io
