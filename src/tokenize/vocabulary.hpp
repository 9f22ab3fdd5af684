#pragma once
// Token string <-> id, looked up by string_view without building a std::string.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace attnscope {

struct StringViewHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
// A string -> id map that answers find(string_view) without allocating.
using StringIdMap = std::unordered_map<std::string, int32_t, StringViewHash, std::equal_to<>>;

class Vocabulary {
 public:
  // Ids index a table, so a corrupt file's huge id must not allocate gigabytes.
  static constexpr int32_t kMaxIds = 1 << 24;

  // Adds `token` with `id`; a repeated token maps to its last id, as in a Python dict filled in
  // file order. An id outside 0..kMaxIds-1, or one another token already has, is an Error.
  void add(std::string token, int32_t id);
  std::optional<int32_t> find(std::string_view token) const;
  // Throws if `id` has no token.
  const std::string& token(int32_t id) const;
  const StringIdMap& ids() const { return ids_; }
  int32_t size() const { return static_cast<int32_t>(tokens_.size()); }

 private:
  StringIdMap ids_;
  std::vector<std::string> tokens_;  // by id; "" where an id has no token
};

}  // namespace attnscope
