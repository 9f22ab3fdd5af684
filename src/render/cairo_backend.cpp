#include "render/cairo_backend.hpp"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/error.hpp"
#include "render/pango_text.hpp"

namespace attnscope::render {

namespace {

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void check(cairo_status_t status, const char* what) {
  if (status != CAIRO_STATUS_SUCCESS)
    throw Error(std::string("cannot draw the figure (") + what + ": " +
                cairo_status_to_string(status) + "); try a smaller --dpi or a shorter text");
}

void set_color(cairo_t* cr, const Rgba& c) {
  cairo_set_source_rgba(cr, c.rgb.r, c.rgb.g, c.rgb.b, c.alpha);
}

// An RGB24 surface holding one pixel per cell.
cairo_surface_t* pixel_surface(int cols, int rows, const std::vector<Rgb>& pixels) {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, cols, rows);
  check(cairo_surface_status(surface), "image");
  cairo_surface_flush(surface);
  unsigned char* data = cairo_image_surface_get_data(surface);
  int stride = cairo_image_surface_get_stride(surface);
  auto byte = [](double v) {
    return static_cast<uint32_t>(std::lround(std::clamp(v, 0.0, 1.0) * 255));
  };
  for (int r = 0; r < rows; ++r) {
    auto* row = reinterpret_cast<uint32_t*>(data + static_cast<std::size_t>(r) * stride);
    for (int c = 0; c < cols; ++c) {
      const Rgb& p = pixels[static_cast<std::size_t>(r) * cols + c];
      row[c] = (byte(p.r) << 16) | (byte(p.g) << 8) | byte(p.b);
    }
  }
  cairo_surface_mark_dirty(surface);
  return surface;
}

void draw_text(cairo_t* cr, const TextItem& t) {
  cairo_set_source_rgb(cr, t.style.color.r, t.style.color.g, t.style.color.b);
  cairo_save(cr);
  cairo_translate(cr, t.origin.x, t.origin.y);
  cairo_rotate(cr, -t.angle * std::numbers::pi / 180);
  PangoLayout* layout = create_layout(cr);
  set_layout_text(layout, t.text, t.style.font);
  // Pango places a layout by its top left; the scene gives the baseline's start.
  cairo_move_to(cr, 0, -static_cast<double>(pango_layout_get_baseline(layout)) / PANGO_SCALE);
  pango_cairo_show_layout(cr, layout);
  g_object_unref(layout);
  cairo_restore(cr);
}

void draw_image(cairo_t* cr, const ImageItem& image) {
  cairo_surface_t* pixels = pixel_surface(image.cols, image.rows, image.pixels);
  cairo_save(cr);
  cairo_rectangle(cr, image.box.x, image.box.y, image.box.w, image.box.h);
  cairo_clip(cr);
  cairo_translate(cr, image.box.x, image.box.y);
  cairo_scale(cr, image.box.w / image.cols, image.box.h / image.rows);
  cairo_set_source_surface(cr, pixels, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
  cairo_paint(cr);
  cairo_restore(cr);
  cairo_surface_destroy(pixels);
}

void draw_item(cairo_t* cr, const Item& item) {
  if (const auto* t = std::get_if<TextItem>(&item)) {
    draw_text(cr, *t);
  } else if (const auto* r = std::get_if<RectItem>(&item)) {
    cairo_rectangle(cr, r->box.x, r->box.y, r->box.w, r->box.h);
    if (r->fill.alpha > 0) {
      set_color(cr, r->fill);
      cairo_fill_preserve(cr);
    }
    if (r->stroke_width > 0 && r->stroke.alpha > 0) {
      set_color(cr, r->stroke);
      cairo_set_line_width(cr, r->stroke_width);
      cairo_stroke_preserve(cr);
    }
    cairo_new_path(cr);
  } else if (const auto* l = std::get_if<LineItem>(&item)) {
    if (l->points.size() < 2) return;
    cairo_move_to(cr, l->points[0].x, l->points[0].y);
    for (std::size_t i = 1; i < l->points.size(); ++i)
      cairo_line_to(cr, l->points[i].x, l->points[i].y);
    set_color(cr, l->color);
    cairo_set_line_width(cr, l->width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_stroke(cr);
  } else if (const auto* m = std::get_if<MarkerItem>(&item)) {
    double half = m->size / 2;
    if (m->shape == MarkerShape::Circle)
      cairo_arc(cr, m->center.x, m->center.y, half, 0, 2 * std::numbers::pi);
    else
      cairo_rectangle(cr, m->center.x - half, m->center.y - half, m->size, m->size);
    set_color(cr, m->color);
    cairo_fill(cr);
  } else if (const auto* i = std::get_if<ImageItem>(&item)) {
    draw_image(cr, *i);
  }
}

void draw_scene(cairo_t* cr, const Scene& scene) {
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_set_font_options(cr, options);
  cairo_font_options_destroy(options);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  for (const auto& item : scene.items()) draw_item(cr, item);
  check(cairo_status(cr), "drawing");
}

}  // namespace

std::string render_png(const Scene& scene, double dpi) {
  double scale = dpi / 72.0;
  int width = static_cast<int>(std::ceil(scene.width() * scale - 1e-6));
  int height = static_cast<int>(std::ceil(scene.height() * scale - 1e-6));
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  check(cairo_surface_status(surface), "canvas");
  cairo_t* cr = cairo_create(surface);
  cairo_scale(cr, scale, scale);
  draw_scene(cr, scene);
  cairo_destroy(cr);
  std::string bytes;
  cairo_status_t status = cairo_surface_write_to_png_stream(surface, append_to_string, &bytes);
  cairo_surface_destroy(surface);
  check(status, "PNG encoding");
  return bytes;
}

std::string render_pdf(const Scene& scene) {
  std::string bytes;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(append_to_string, &bytes, scene.width(), scene.height());
  cairo_t* cr = cairo_create(surface);
  draw_scene(cr, scene);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  check(status, "PDF");
  return bytes;
}

std::string encode_png(int cols, int rows, const std::vector<Rgb>& pixels) {
  cairo_surface_t* surface = pixel_surface(cols, rows, pixels);
  std::string bytes;
  cairo_status_t status = cairo_surface_write_to_png_stream(surface, append_to_string, &bytes);
  cairo_surface_destroy(surface);
  check(status, "PNG encoding");
  return bytes;
}

}  // namespace attnscope::render
