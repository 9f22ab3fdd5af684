#pragma once
// The one form every view shows a token in (figures, explorer, terminal, Python), described in
// docs/formats.md:
//   BERT   the WordPiece piece: "cat", "##ing", "[CLS]".
//   GPT-2  the decoded text without its leading space ("Ġcat" → "cat"); a piece inside a word
//          marked "##" as BERT marks it ("un", "##afford", "##able"), so "ention" no longer looks
//          like a word; a character whose bytes span pieces shown on its first piece, with "⋯"
//          on the pieces that only continue it; bytes that form no character as "<e4 b8>".
//   Both   whitespace made visible: "\n", "\t", "\r", and "␣" for spaces alone; "∅" for nothing.
#include <string>
#include <string_view>
#include <vector>

namespace attnscope {

inline constexpr const char* kContinuesCharacter = "\u22ef";  // ⋯

// `text` with its leading spaces dropped and whitespace made visible, as above.
std::string readable_label(std::string_view text);

// GPT-2's labels for a sequence of its pieces' bytes (byte_level::to_bytes of each piece);
// special tokens keep their piece. Labels depend on neighbours, so they come a sequence at once.
std::vector<std::string> byte_level_labels(const std::vector<std::string>& bytes,
                                           const std::vector<std::string>& pieces,
                                           const std::vector<bool>& special);

}  // namespace attnscope
