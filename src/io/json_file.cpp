#include "io/json_file.hpp"

#include "core/error.hpp"
#include "io/mapped_file.hpp"

namespace attnscope::io {

nlohmann::json read_json_file(const std::filesystem::path& path) {
  auto file = MappedFile::open(path);  // refuses a FIFO or folder rather than waiting on it
  auto text = file->bytes();
  auto json = nlohmann::json::parse(reinterpret_cast<const char*>(text.data()),
                                    reinterpret_cast<const char*>(text.data() + text.size()),
                                    nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded())
    throw Error(path.string() + " is not valid JSON; re-download or fix the file");
  return json;
}

namespace {

const nlohmann::json* find_value(const nlohmann::json& object, const std::string& key) {
  auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

const nlohmann::json& required(const nlohmann::json& object, const std::string& key,
                               const std::string& source) {
  const nlohmann::json* value = find_value(object, key);
  if (!value) throw Error(source + " has no \"" + key + "\"; the file is incomplete");
  return *value;
}

template <typename T>
T typed(const nlohmann::json& value, const std::string& key, const std::string& source) {
  const char* expected = "a number";
  bool fits = value.is_number();
  if constexpr (std::is_same_v<T, std::string>) expected = "a string", fits = value.is_string();
  if constexpr (std::is_same_v<T, bool>) expected = "true or false", fits = value.is_boolean();
  if (!fits) throw Error(source + ": " + key + " must be " + expected + ", got " + value.dump());
  return value.get<T>();
}

}  // namespace

template <typename T>
T json_value(const nlohmann::json& object, const std::string& key, const std::string& source) {
  return typed<T>(required(object, key, source), key, source);
}

template <typename T>
T json_value_or(const nlohmann::json& object, const std::string& key, const std::string& source,
                T fallback) {
  const nlohmann::json* value = find_value(object, key);
  return value ? typed<T>(*value, key, source) : fallback;
}

int json_count(const nlohmann::json& object, const std::string& key, const std::string& source,
               int max) {
  const nlohmann::json& value = required(object, key, source);
  const bool integer = value.is_number_integer();  // false for true, 4.7 and 1e30
  const bool negative = integer && !value.is_number_unsigned() && value.get<std::int64_t>() < 0;
  if (!integer || negative || value == 0)
    throw Error(source + ": " + key + " must be a positive integer, got " + value.dump());
  const auto count = value.get<std::uint64_t>();
  if (count > static_cast<std::uint64_t>(max))
    throw Error(source + ": " + key + " must be at most " + std::to_string(max) + ", got " +
                value.dump());
  return static_cast<int>(count);
}

std::string json_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

template std::string json_value<std::string>(const nlohmann::json&, const std::string&,
                                             const std::string&);
template double json_value<double>(const nlohmann::json&, const std::string&, const std::string&);
template bool json_value<bool>(const nlohmann::json&, const std::string&, const std::string&);
template std::string json_value_or<std::string>(const nlohmann::json&, const std::string&,
                                                const std::string&, std::string);
template double json_value_or<double>(const nlohmann::json&, const std::string&, const std::string&,
                                      double);
template bool json_value_or<bool>(const nlohmann::json&, const std::string&, const std::string&,
                                  bool);

}  // namespace attnscope::io
