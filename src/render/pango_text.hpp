#pragma once
// Text through Pango: fontconfig finds a font for every script (DejaVu Sans first, then Noto CJK,
// Noto Color Emoji, ...), and complex scripts are shaped. Measuring and drawing share these
// settings, so every label sits where the layout measured it.
#include <cairo.h>
#include <pango/pangocairo.h>

#include <string_view>

#include "render/text_metrics.hpp"

namespace attnscope::render {

// A layout for drawing on `cr` (unhinted metrics, unrounded glyph positions, as measured); the
// caller unrefs it.
PangoLayout* create_layout(cairo_t* cr);
void set_layout_text(PangoLayout* layout, std::string_view text, const Font& font);

}  // namespace attnscope::render
