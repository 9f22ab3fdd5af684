#include "render/text_metrics.hpp"

#include <memory>
#include <string>
#include <unordered_map>

#include "render/pango_text.hpp"

namespace attnscope::render {

namespace {

using Description = std::unique_ptr<PangoFontDescription, decltype(&pango_font_description_free)>;

Description describe(const Font& font) {
  Description description(pango_font_description_from_string(kFontFamily),
                          &pango_font_description_free);
  // Absolute: in user units (points), as cairo's toy API took them; Pango's own "size" assumes
  // a 96 dpi screen.
  pango_font_description_set_absolute_size(description.get(), font.size * PANGO_SCALE);
  pango_font_description_set_weight(description.get(),
                                    font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  return description;
}

// One measuring layout per thread: Pango layouts and cairo contexts are not thread-safe.
struct Measurer {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t* cr = cairo_create(surface);
  PangoLayout* layout = create_layout(cr);
  // Labels repeat (a layer figure measures its tokens at every candidate size).
  std::unordered_map<std::string, TextExtent> known;
  ~Measurer() {
    g_object_unref(layout);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
  }
};

Measurer& measurer() {
  thread_local Measurer m;
  return m;
}

}  // namespace

PangoLayout* create_layout(cairo_t* cr) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoContext* context = pango_layout_get_context(layout);
  // Unhinted metrics: the same advances on PNG, PDF and SVG.
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context, options);
  cairo_font_options_destroy(options);
  pango_context_set_round_glyph_positions(context, FALSE);
  // Left to right whatever the label's script: a WordPiece "##" before an Arabic letter stays
  // where the tokenizer put it.
  pango_context_set_base_dir(context, PANGO_DIRECTION_LTR);
  pango_layout_set_auto_dir(layout, FALSE);
  pango_layout_context_changed(layout);
  return layout;
}

void set_layout_text(PangoLayout* layout, std::string_view text, const Font& font) {
  pango_layout_set_font_description(layout, describe(font).get());
  pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
}

TextExtent measure_text(std::string_view text, const Font& font) {
  Measurer& m = measurer();
  std::string key(text);
  key += '\0';
  key += std::to_string(font.size);
  key += font.bold ? 'b' : 'r';
  if (auto it = m.known.find(key); it != m.known.end()) return it->second;
  if (m.known.size() > 100000) m.known.clear();

  set_layout_text(m.layout, text, font);
  PangoRectangle logical;
  pango_layout_get_extents(m.layout, nullptr, &logical);
  // The font's ascent and descent, not the string's, so that rows of labels line up.
  PangoFontMetrics* metrics =
      pango_context_get_metrics(pango_layout_get_context(m.layout), describe(font).get(), nullptr);
  const TextExtent extent{
      static_cast<double>(logical.width) / PANGO_SCALE,
      static_cast<double>(pango_font_metrics_get_ascent(metrics)) / PANGO_SCALE,
      static_cast<double>(pango_font_metrics_get_descent(metrics)) / PANGO_SCALE};
  pango_font_metrics_unref(metrics);
  return m.known[key] = extent;
}

int missing_glyphs(std::string_view text, const Font& font) {
  Measurer& m = measurer();
  set_layout_text(m.layout, text, font);
  return pango_layout_get_unknown_glyphs_count(m.layout);
}

}  // namespace attnscope::render
