#pragma once
// Bytes from a file shown inside a one-line message: a NUL would cut the line where the CLI prints
// it and a newline or escape sequence would break or restyle it, so every byte outside printable
// ASCII is written as \xNN.
#include <string>
#include <string_view>

namespace attnscope {

std::string printable(std::string_view bytes);

}  // namespace attnscope
