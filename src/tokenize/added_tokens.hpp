#pragma once
// Tokens written literally in the text ([CLS], <|endoftext|>, never_split words): Hugging Face
// cuts them out of the raw text before normalizing, so they are matched case-sensitively.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace attnscope {

struct AddedToken {
  std::u32string content;
  int32_t id = 0;
  bool special = true;
};

struct TextPiece {
  int32_t begin = 0;  // code points [begin, end) of the text
  int32_t end = 0;
  const AddedToken* added = nullptr;  // the token this piece is, or nullptr for plain text
};

// Splits `text` into plain pieces and added-token pieces, taking at each point the leftmost
// match and, among matches starting there, the longest. Empty plain pieces are left out.
std::vector<TextPiece> split_on_added_tokens(std::u32string_view text,
                                             const std::vector<AddedToken>& tokens);

}  // namespace attnscope
