#include "io/json_file.hpp"

#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace attnscope::io {

nlohmann::json read_json_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read " + path.string() + ": no such file");
  std::stringstream text;
  text << in.rdbuf();
  auto json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded())
    throw Error(path.string() + " is not valid JSON; re-download or fix the file");
  return json;
}

template <typename T>
T json_value(const nlohmann::json& object, const std::string& key, const std::string& source) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null())
    throw Error(source + " has no \"" + key + "\"; the file is incomplete");
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception&) {
    throw Error(source + ": \"" + key + "\" has the wrong type (" + it->dump() + ")");
  }
}

template int json_value<int>(const nlohmann::json&, const std::string&, const std::string&);
template double json_value<double>(const nlohmann::json&, const std::string&, const std::string&);
template std::string json_value<std::string>(const nlohmann::json&, const std::string&,
                                             const std::string&);

}  // namespace attnscope::io
