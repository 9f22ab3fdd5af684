#pragma once
// Writes a Scene as SVG with real <text> elements (searchable, selectable, editable), which
// cairo's SVG surface does not do: it turns glyphs into paths.
#include <string>

#include "render/scene.hpp"

namespace attnscope::render {

std::string render_svg(const Scene& scene);

}  // namespace attnscope::render
