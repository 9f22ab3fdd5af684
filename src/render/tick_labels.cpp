#include "render/tick_labels.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace attnscope::render {

namespace {

constexpr double kClearance = 1.08;  // labels need this many font heights between them

double sin_deg(double angle) { return std::sin(angle * std::numbers::pi / 180); }
double cos_deg(double angle) { return std::cos(angle * std::numbers::pi / 180); }

double widest(const TickLabels& labels, const Font& font) {
  double w = 0;
  for (const auto& l : labels.labels)
    w = std::max(w, measure_text(shorten_label(l, labels.max_chars), font).width);
  return w;
}

// Distance between neighbouring label centres needed so their boxes stay apart.
double needed_spacing(const TickLabels& labels, const Font& font, bool stacked) {
  double h = measure_text("Hg", font).height() * kClearance;
  if (stacked || labels.angle >= 89.9) return h;
  if (labels.angle <= 0.1) return widest(labels, font) + h * 0.5;
  // Rotated labels are parallel strips; their perpendicular distance is spacing * sin(angle).
  return h / sin_deg(labels.angle);
}

}  // namespace

std::string shorten_label(const std::string& label, int max_chars) {
  int count = 0;
  for (std::size_t i = 0; i < label.size(); ++i) {
    if ((static_cast<unsigned char>(label[i]) & 0xc0) == 0x80) continue;
    if (count == max_chars - 1) {
      // Is there more than one code point left? Then cut here.
      std::size_t rest = 0;
      for (std::size_t j = i; j < label.size(); ++j)
        if ((static_cast<unsigned char>(label[j]) & 0xc0) != 0x80) ++rest;
      if (rest > 1) return label.substr(0, i) + "\u2026";
      return label;
    }
    ++count;
  }
  return label;
}

FittedLabels fit_labels(const TickLabels& labels, double spacing, bool stacked) {
  FittedLabels fitted;
  fitted.font = labels.font;
  while (fitted.font.size - 0.5 >= labels.min_font &&
         needed_spacing(labels, fitted.font, stacked) > spacing)
    fitted.font.size -= 0.5;
  double need = needed_spacing(labels, fitted.font, stacked);
  fitted.stride = spacing > 0 ? std::max(1, static_cast<int>(std::ceil(need / spacing - 1e-9)))
                              : static_cast<int>(labels.labels.size());
  fitted.stride = std::max(fitted.stride, labels.min_stride);
  for (const auto& l : labels.labels) fitted.text.push_back(shorten_label(l, labels.max_chars));
  return fitted;
}

void same_stride(TickLabels& x, TickLabels& y, const Box& cells) {
  if (x.labels.empty() || y.labels.empty()) return;
  const int stride =
      std::max(fit_labels(x, cells.w / static_cast<double>(x.labels.size()), false).stride,
               fit_labels(y, cells.h / static_cast<double>(y.labels.size()), true).stride);
  x.min_stride = y.min_stride = stride;
}

double y_labels_width(const TickLabels& labels) {
  if (labels.labels.empty()) return 0;
  return widest(labels, labels.font) + kTickPad;
}

double x_labels_height(const TickLabels& labels) {
  if (labels.labels.empty()) return 0;
  double h = measure_text("Hg", labels.font).height();
  return kTickPad + widest(labels, labels.font) * sin_deg(labels.angle) +
         h * cos_deg(labels.angle) + h * sin_deg(labels.angle) / 2;
}

double x_labels_left_reach(const TickLabels& labels) {
  if (labels.labels.empty()) return 0;
  double h = measure_text("Hg", labels.font).height();
  if (labels.angle <= 0.1) return widest(labels, labels.font) / 2;
  return widest(labels, labels.font) * cos_deg(labels.angle) + h * sin_deg(labels.angle) / 2;
}

void draw_y_labels(Scene& scene, const Box& cells, const TickLabels& labels) {
  int rows = static_cast<int>(labels.labels.size());
  if (rows == 0) return;
  double spacing = cells.h / rows;
  FittedLabels fitted = fit_labels(labels, spacing, true);
  for (int i = 0; i < rows; i += fitted.stride)
    scene.text(fitted.text[i], {cells.x - kTickPad, cells.y + (i + 0.5) * spacing}, {fitted.font},
               HAlign::Right, VAlign::Middle);
}

void draw_x_labels(Scene& scene, const Box& cells, const TickLabels& labels, double offset) {
  int cols = static_cast<int>(labels.labels.size());
  if (cols == 0) return;
  double spacing = cells.w / cols;
  FittedLabels fitted = fit_labels(labels, spacing, false);
  double top = cells.bottom() + offset + kTickPad;
  for (int i = 0; i < cols; i += fitted.stride) {
    double x = cells.x + (i + 0.5) * spacing;
    if (labels.angle <= 0.1) {
      scene.text(fitted.text[i], {x, top}, {fitted.font}, HAlign::Center, VAlign::Top);
    } else {
      // Anchor at the right end's middle, dropped so the rotated box starts below `top`.
      double h = measure_text("Hg", fitted.font).height();
      scene.text(fitted.text[i], {x, top + h / 2 * cos_deg(labels.angle)}, {fitted.font},
                 HAlign::Right, VAlign::Middle, labels.angle);
    }
  }
}

}  // namespace attnscope::render
