#include "tokenize/vocabulary.hpp"

#include "core/error.hpp"

namespace attnscope {

void Vocabulary::add(std::string token, int32_t id) {
  if (id < 0) throw Error("negative token id " + std::to_string(id) + " in the vocabulary file");
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
