#pragma once
// Text sizes measured as the figures draw text (Pango: DejaVu Sans, with fontconfig's fallback
// for scripts it lacks), so the layout knows every label's box before anything is drawn.
#include <string_view>

namespace attnscope::render {

struct Font {
  double size = 10;  // points
  bool bold = false;
};

struct TextExtent {
  double width = 0;    // advance width
  double ascent = 0;   // above the baseline (the font's, not the string's, so rows line up)
  double descent = 0;  // below the baseline
  double height() const { return ascent + descent; }
};

TextExtent measure_text(std::string_view text, const Font& font);

// Characters of `text` that no installed font has: Pango draws each as a box with its code.
int missing_glyphs(std::string_view text, const Font& font);

inline constexpr const char* kFontFamily = "DejaVu Sans";

}  // namespace attnscope::render
