#include "render/text_metrics.hpp"

#include <cairo.h>

#include <memory>
#include <string>

namespace attnscope::render {

namespace {

// One measuring context per thread; cairo contexts are not thread-safe.
struct Measurer {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t* cr = cairo_create(surface);
  Measurer() {
    // Unhinted metrics: the same advances on PNG, PDF and SVG.
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_set_font_options(cr, options);
    cairo_font_options_destroy(options);
  }
  ~Measurer() {
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
  }
};

}  // namespace

TextExtent measure_text(std::string_view text, const Font& font) {
  thread_local Measurer m;
  cairo_select_font_face(m.cr, kFontFamily, CAIRO_FONT_SLANT_NORMAL,
                         font.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(m.cr, font.size);
  cairo_font_extents_t fe;
  cairo_font_extents(m.cr, &fe);
  cairo_text_extents_t te;
  std::string owned(text);
  cairo_text_extents(m.cr, owned.c_str(), &te);
  return {te.x_advance, fe.ascent, fe.descent};
}

}  // namespace attnscope::render
