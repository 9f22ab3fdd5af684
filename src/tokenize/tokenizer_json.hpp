#pragma once
// Reading the JSON of a model folder's tokenizer files: whatever is wrong in one is an Error that
// names that file, never a bare JSON library message or a silently wrapped-around id.
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "tokenize/added_tokens.hpp"
#include "tokenize/vocabulary.hpp"

namespace attnscope {

// Runs `read`, which interprets the JSON of `file`; a field of the wrong kind or a missing one
// becomes an Error naming `file`.
template <typename Read>
auto with_json_errors_named(const std::filesystem::path& file, Read&& read) -> decltype(read()) {
  try {
    return read();
  } catch (const nlohmann::json::exception& e) {
    throw Error(file.string() + " has an unexpected layout (" + e.what() +
                "); re-download the tokenizer files");
  }
}

// The JSON of a tokenizer file (tokenizer.json, tokenizer_config.json), which must be an object;
// anything else is an Error naming it.
nlohmann::json read_json_object(const std::filesystem::path& file);

// The id `file` gives `token`: a whole number the vocabulary can hold, else an Error.
int32_t read_token_id(const nlohmann::json& id, std::string_view token,
                      const std::filesystem::path& file);

// A {"token": id, ...} object of `file` into `vocab`; two tokens with one id are an Error.
void read_vocab_json(const nlohmann::json& entries, const std::filesystem::path& file,
                     Vocabulary& vocab);

// The "added_tokens" of a tokenizer.json `file` read from `path`.
std::vector<AddedToken> read_added_tokens(const nlohmann::json& file,
                                          const std::filesystem::path& path);

}  // namespace attnscope
