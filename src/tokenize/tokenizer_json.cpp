#include "tokenize/tokenizer_json.hpp"

#include <string>

#include "io/json_file.hpp"
#include "tokenize/utf8.hpp"

namespace attnscope {

nlohmann::json read_json_object(const std::filesystem::path& file) {
  nlohmann::json json = io::read_json_file(file);
  if (!json.is_object()) {
    throw Error(file.string() + " is not a JSON object; re-download the tokenizer files");
  }
  return json;
}

int32_t read_token_id(const nlohmann::json& id, std::string_view token,
                      const std::filesystem::path& file) {
  // Large ids parse as unsigned and negative ones as signed; both are checked before narrowing,
  // so 2^32 + 1 cannot become 1.
  const bool in_range = id.is_number_unsigned()
                            ? id.get<uint64_t>() < static_cast<uint64_t>(Vocabulary::kMaxIds)
                            : id.is_number_integer() && id.get<int64_t>() >= 0 &&
                                  id.get<int64_t>() < Vocabulary::kMaxIds;
  if (!in_range) {
    throw Error(file.string() + " gives the token \"" + std::string(token) + "\" the id " +
                id.dump() + "; ids are whole numbers from 0 to " +
                std::to_string(Vocabulary::kMaxIds - 1) +
                ", so the file is corrupt; re-download it");
  }
  return static_cast<int32_t>(id.get<int64_t>());
}

void read_vocab_json(const nlohmann::json& entries, const std::filesystem::path& file,
                     Vocabulary& vocab) {
  if (!entries.is_object()) {
    throw Error(file.string() +
                " has a vocabulary that is not a {\"token\": id} object; re-download the file");
  }
  for (const auto& [token, id] : entries.items()) {
    const int32_t value = read_token_id(id, token, file);
    try {
      vocab.add(token, value);
    } catch (const Error& e) {
      throw Error(file.string() + ": " + e.what());
    }
  }
}

std::vector<AddedToken> read_added_tokens(const nlohmann::json& file,
                                          const std::filesystem::path& path) {
  std::vector<AddedToken> added;
  const std::string source = path.string();
  for (const nlohmann::json& token : file.value("added_tokens", nlohmann::json::array())) {
    const auto content = io::json_value<std::string>(token, "content", source);
    added.push_back({utf8::decode(content), read_token_id(token.at("id"), content, path),
                     io::json_value_or<bool>(token, "special", source, false)});
  }
  return added;
}

}  // namespace attnscope
