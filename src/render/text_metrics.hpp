#pragma once
// Text sizes measured with the font the figures are drawn with (DejaVu Sans through cairo), so the
// layout knows every label's box before anything is drawn.
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

inline constexpr const char* kFontFamily = "DejaVu Sans";

}  // namespace attnscope::render
