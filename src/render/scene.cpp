#include "render/scene.hpp"

#include <cmath>
#include <numbers>

namespace attnscope::render {

TextItem lay_out_text(std::string text, Point anchor, TextStyle style, HAlign h, VAlign v,
                      double angle) {
  TextExtent e = measure_text(text, style.font);
  // Baseline start relative to the anchor, in the text's own (unrotated) frame.
  double dx = h == HAlign::Left ? 0 : h == HAlign::Center ? -e.width / 2 : -e.width;
  double dy = 0;
  switch (v) {
    case VAlign::Top:
      dy = e.ascent;
      break;
    case VAlign::Middle:
      dy = (e.ascent - e.descent) / 2;
      break;
    case VAlign::Baseline:
      dy = 0;
      break;
    case VAlign::Bottom:
      dy = -e.descent;
      break;
  }
  double rad = angle * std::numbers::pi / 180;
  double c = std::cos(rad), s = std::sin(rad);
  // Counter-clockwise on screen with y pointing down.
  auto place = [&](double lx, double ly) {
    return Point{anchor.x + lx * c + ly * s, anchor.y - lx * s + ly * c};
  };
  TextItem item;
  item.text = std::move(text);
  item.anchor = anchor;
  item.style = style;
  item.h = h;
  item.v = v;
  item.angle = angle;
  double top = dy - e.ascent, bottom = dy + e.descent;
  item.outline = Quad{
      {place(dx, top), place(dx + e.width, top), place(dx + e.width, bottom), place(dx, bottom)}};
  item.origin = place(dx, dy);
  return item;
}

const TextItem& Scene::text(std::string text, Point anchor, TextStyle style, HAlign h, VAlign v,
                            double angle) {
  items_.push_back(lay_out_text(std::move(text), anchor, style, h, v, angle));
  return std::get<TextItem>(items_.back());
}

std::vector<const TextItem*> Scene::texts() const {
  std::vector<const TextItem*> out;
  for (const auto& item : items_)
    if (const auto* t = std::get_if<TextItem>(&item)) out.push_back(t);
  return out;
}

}  // namespace attnscope::render
