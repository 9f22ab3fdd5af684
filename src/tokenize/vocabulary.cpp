#include "tokenize/vocabulary.hpp"

#include "core/error.hpp"

namespace attnscope {

void Vocabulary::add(std::string token, int32_t id) {
  // Ids index a table, so a corrupt file's huge id must not allocate gigabytes.
  constexpr int32_t kMaxId = 1 << 24;
  if (id < 0 || id >= kMaxId) {
    throw Error("token id " + std::to_string(id) + " of \"" + token + "\" is outside 0.." +
                std::to_string(kMaxId - 1) + "; the vocabulary file is corrupt, re-download it");
  }
  if (static_cast<std::size_t>(id) >= tokens_.size()) tokens_.resize(id + 1);
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
