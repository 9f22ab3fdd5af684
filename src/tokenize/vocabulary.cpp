#include "tokenize/vocabulary.hpp"

#include "core/error.hpp"

namespace attnscope {

void Vocabulary::add(std::string token, int32_t id) {
  if (id < 0 || id >= kMaxIds) {
    throw Error("token id " + std::to_string(id) + " of \"" + token + "\" is outside 0.." +
                std::to_string(kMaxIds - 1) + "; the vocabulary file is corrupt, re-download it");
  }
  if (static_cast<std::size_t>(id) >= tokens_.size()) tokens_.resize(id + 1);
  // Encoders rely on token(id) being the entry that maps to id (GPT-2 measures bytes by it).
  // An id is taken when the token stored for it still maps back to it; "" with no entry is free.
  const auto holder = ids_.find(tokens_[id]);
  if (holder != ids_.end() && holder->second == id && holder->first != token) {
    throw Error("the tokens \"" + holder->first + "\" and \"" + token + "\" share the id " +
                std::to_string(id) + "; each id names one token, re-download the file");
  }
  tokens_[id] = token;
  ids_[std::move(token)] = id;
}

std::optional<int32_t> Vocabulary::find(std::string_view token) const {
  const auto it = ids_.find(token);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

const std::string& Vocabulary::token(int32_t id) const {
  if (id < 0 || static_cast<std::size_t>(id) >= tokens_.size()) {
    throw Error("token id " + std::to_string(id) + " is outside the vocabulary (size " +
                std::to_string(tokens_.size()) + "); check the ids match the model");
  }
  return tokens_[id];
}

}  // namespace attnscope
