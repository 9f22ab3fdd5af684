#include "render/svg_backend.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/base64.hpp"
#include "core/markup.hpp"
#include "render/cairo_backend.hpp"

namespace attnscope::render {

namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::string color(const Rgb& c) {
  char buf[8];
  auto byte = [](double v) { return static_cast<int>(std::lround(std::clamp(v, 0.0, 1.0) * 255)); };
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", byte(c.r), byte(c.g), byte(c.b));
  return buf;
}

std::string paint(const std::string& attribute, const Rgba& c) {
  std::string out = " " + attribute + "=\"" + color(c.rgb) + "\"";
  if (c.alpha < 1) out += " " + attribute + "-opacity=\"" + num(c.alpha) + "\"";
  return out;
}

void write_item(std::string& out, const Item& item) {
  if (const auto* t = std::get_if<TextItem>(&item)) {
    out += "<text x=\"0\" y=\"0\" transform=\"translate(" + num(t->origin.x) + " " +
           num(t->origin.y) + ")" + (t->angle != 0 ? " rotate(" + num(-t->angle) + ")" : "") +
           "\" font-size=\"" + num(t->style.font.size) + "\"" +
           (t->style.font.bold ? " font-weight=\"bold\"" : "") + " fill=\"" +
           color(t->style.color) + "\">" + escape_markup(t->text) + "</text>\n";
  } else if (const auto* r = std::get_if<RectItem>(&item)) {
    out += "<rect x=\"" + num(r->box.x) + "\" y=\"" + num(r->box.y) + "\" width=\"" +
           num(r->box.w) + "\" height=\"" + num(r->box.h) + "\"" +
           (r->fill.alpha > 0 ? paint("fill", r->fill) : " fill=\"none\"");
    if (r->stroke_width > 0 && r->stroke.alpha > 0)
      out += paint("stroke", r->stroke) + " stroke-width=\"" + num(r->stroke_width) + "\"";
    out += "/>\n";
  } else if (const auto* l = std::get_if<LineItem>(&item)) {
    out += "<polyline fill=\"none\" stroke-linejoin=\"round\" points=\"";
    for (const auto& p : l->points) out += num(p.x) + "," + num(p.y) + " ";
    out += '"';
    out += paint("stroke", l->color) + " stroke-width=\"" + num(l->width) + "\"/>\n";
  } else if (const auto* m = std::get_if<MarkerItem>(&item)) {
    double half = m->size / 2;
    if (m->shape == MarkerShape::Circle)
      out += "<circle cx=\"" + num(m->center.x) + "\" cy=\"" + num(m->center.y) + "\" r=\"" +
             num(half) + "\"" + paint("fill", m->color) + "/>\n";
    else
      out += "<rect x=\"" + num(m->center.x - half) + "\" y=\"" + num(m->center.y - half) +
             "\" width=\"" + num(m->size) + "\" height=\"" + num(m->size) + "\"" +
             paint("fill", m->color) + "/>\n";
  } else if (const auto* i = std::get_if<ImageItem>(&item)) {
    out += "<image x=\"" + num(i->box.x) + "\" y=\"" + num(i->box.y) + "\" width=\"" +
           num(i->box.w) + "\" height=\"" + num(i->box.h) +
           "\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"data:image/"
           "png;base64," +
           base64_encode(encode_png(i->cols, i->rows, i->pixels)) + "\"/>\n";
  }
}

}  // namespace

std::string render_svg(const Scene& scene) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(scene.width()) +
         "pt\" height=\"" + num(scene.height()) + "pt\" viewBox=\"0 0 " + num(scene.width()) + " " +
         num(scene.height()) + "\" font-family=\"" + kFontFamily + ", sans-serif\">\n";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  for (const auto& item : scene.items()) write_item(out, item);
  out += "</svg>\n";
  return out;
}

}  // namespace attnscope::render
