#include "tokenize/added_tokens.hpp"

namespace attnscope {
namespace {

const AddedToken* longest_match_at(std::u32string_view text, std::size_t at,
                                   const std::vector<AddedToken>& tokens) {
  const AddedToken* best = nullptr;
  for (const AddedToken& token : tokens) {
    if (token.content.empty() || text[at] != token.content[0]) continue;
    if (text.substr(at, token.content.size()) != token.content) continue;
    if (!best || token.content.size() > best->content.size()) best = &token;
  }
  return best;
}

}  // namespace

std::vector<TextPiece> split_on_added_tokens(std::u32string_view text,
                                             const std::vector<AddedToken>& tokens) {
  std::vector<TextPiece> pieces;
  std::size_t plain_begin = 0;
  for (std::size_t at = 0; at < text.size();) {
    const AddedToken* match = tokens.empty() ? nullptr : longest_match_at(text, at, tokens);
    if (!match) {
      ++at;
      continue;
    }
    if (at > plain_begin) {
      pieces.push_back({static_cast<int32_t>(plain_begin), static_cast<int32_t>(at), nullptr});
    }
    const std::size_t end = at + match->content.size();
    pieces.push_back({static_cast<int32_t>(at), static_cast<int32_t>(end), match});
    at = plain_begin = end;
  }
  if (text.size() > plain_begin) {
    pieces.push_back(
        {static_cast<int32_t>(plain_begin), static_cast<int32_t>(text.size()), nullptr});
  }
  return pieces;
}

}  // namespace attnscope
