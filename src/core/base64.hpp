#pragma once
// Standard base64 (RFC 4648, with padding): how attention tensors travel inside JSON.
#include <string>
#include <string_view>

namespace attnscope {

std::string base64_encode(std::string_view bytes);

// Throws attnscope::Error on characters outside the alphabet or a bad length.
std::string base64_decode(std::string_view text);

}  // namespace attnscope
