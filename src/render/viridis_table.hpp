#pragma once
// The 256 colours of viridis (van der Walt and Smith, CC0), as matplotlib lists them.
#include <array>

#include "render/color.hpp"

namespace attnscope::render {

const std::array<Rgb, 256>& viridis_table();

}  // namespace attnscope::render
