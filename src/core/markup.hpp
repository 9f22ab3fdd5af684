#pragma once
// Text placed in HTML or SVG: the one escape every page and figure writer uses.
#include <string>
#include <string_view>

namespace attnscope {

// Escapes &, <, > and " so the text is safe in element content and double-quoted attributes.
std::string escape_markup(std::string_view text);

}  // namespace attnscope
