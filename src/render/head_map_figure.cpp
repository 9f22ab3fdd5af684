#include "render/head_map_figure.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "render/behaviour_colors.hpp"
#include "render/colorbar.hpp"
#include "render/heatmap_panel.hpp"
#include "render/legend.hpp"

namespace attnscope::render {

namespace {

constexpr double kMargin = 14;
constexpr double kPlotSide = 5 * 72;  // each map is 5 inches square
constexpr double kPanelGap = 36;
constexpr double kMarkerSize = 6;
constexpr Rgb kBackground = Rgb::hex(0xf5f5f5);  // Clark's facecolor (0.96, 0.96, 0.96)
const Font kTitleFont{13, true};

// Maps MDS coordinates into a square plot with equal scales on both axes (distances on the map
// mean the same in every direction) and a 5% margin.
struct MapFrame {
  double cx = 0, cy = 0, scale = 1;
  Box plot;
  MapFrame(const std::vector<std::array<double, 2>>& points, const Box& square) : plot(square) {
    double x0 = std::numeric_limits<double>::max(), y0 = x0, x1 = -x0, y1 = -x0;
    for (const auto& p : points) {
      x0 = std::min(x0, p[0]);
      x1 = std::max(x1, p[0]);
      y0 = std::min(y0, p[1]);
      y1 = std::max(y1, p[1]);
    }
    const double span = std::max({x1 - x0, y1 - y0, 1e-12});
    cx = (x0 + x1) / 2;
    cy = (y0 + y1) / 2;
    scale = square.w / (span * 1.1);
  }
  Point at(const std::array<double, 2>& p) const {
    return {plot.center().x + (p[0] - cx) * scale, plot.center().y - (p[1] - cy) * scale};
  }
};

void draw_frame(Scene& scene, const Box& plot, const std::string& title) {
  scene.rect({plot, {kBackground, 1}, {colors::frame, 1}, 1});
  draw_title(scene, title, plot.center().x, plot.y - 8, kTitleFont);
}

Legend behaviour_legend(const std::vector<std::string>& labels) {
  std::vector<std::string> present;
  for (const auto& label : labels)
    if (std::find(present.begin(), present.end(), label) == present.end()) present.push_back(label);
  // Named behaviours first, in Clark's order, "no label" last.
  std::stable_sort(present.begin(), present.end(), [](const std::string& a, const std::string& b) {
    return !a.empty() && b.empty();
  });
  Legend legend;
  legend.title = "Behaviour";
  for (const auto& label : present) {
    const auto count = std::count(labels.begin(), labels.end(), label);
    const Behaviour b = behaviour_of(label);
    legend.entries.push_back({b.legend + " (" + std::to_string(count) + ")", b.color});
  }
  return legend;
}

// Kruskal's stress-1, √(raw stress / Σ δ²) over pairs: how much of the distances the map loses,
// independent of their scale (raw stress, in distance.json, is not).
double kruskal_stress(const analysis::HeadDistance& distance) {
  double total = 0;
  for (double d : distance.js) total += d * d / 2;  // each pair appears twice
  return total > 0 ? std::sqrt(distance.map.stress / total) : 0;
}

}  // namespace

Scene head_map_figure(const analysis::HeadDistance& distance, const analysis::CorpusStats& stats) {
  const int count = distance.layers * distance.heads;
  std::vector<std::string> labels = stats.labels;
  labels.resize(count);  // a run without stats draws every head unlabelled
  Colorbar layer_bar{
      {&Colormap::named("viridis"), 0, static_cast<double>(std::max(1, distance.layers - 1))},
      "Layer"};
  layer_bar.integer_ticks = true;
  const Legend legend = behaviour_legend(labels);
  const Box legend_box = legend_size(legend);

  char subtitle[160];
  std::snprintf(subtitle, sizeof subtitle,
                "metric MDS of the Jensen-Shannon divergences summed over %.0f documents "
                "(stress-1 %.3f)",
                distance.docs, kruskal_stress(distance));
  const std::string title = stats.model + ": attention heads by how alike they attend\n" + subtitle;
  const Font suptitle_font{15, true};
  const double top =
      kMargin + title_height(title, suptitle_font) + 14 + title_height("X", kTitleFont) + 8;
  const double width = kMargin + kPlotSide + colorbar_width(layer_bar) + kPanelGap + kPlotSide +
                       12 + legend_box.w + kMargin;
  Scene scene(width, top + std::max(kPlotSide, legend_box.h) + kMargin);
  draw_title(scene, title, scene.width() / 2, top - title_height("X", kTitleFont) - 14,
             suptitle_font);

  const Box by_layer{kMargin, top, kPlotSide, kPlotSide};
  const Box by_behaviour{by_layer.right() + colorbar_width(layer_bar) + kPanelGap, top, kPlotSide,
                         kPlotSide};
  draw_frame(scene, by_layer, "Coloured by layer");
  draw_frame(scene, by_behaviour, "Behaviours");
  const MapFrame left(distance.map.points, by_layer), right(distance.map.points, by_behaviour);
  for (int h = 0; h < count; ++h)
    scene.marker({left.at(distance.map.points[h]), MarkerShape::Circle, kMarkerSize,
                  layer_bar.scale.color(h / distance.heads)});
  // Unlabelled heads first, so labelled ones stay visible on top.
  for (bool labelled : {false, true})
    for (int h = 0; h < count; ++h)
      if (labels[h].empty() != labelled)
        scene.marker({right.at(distance.map.points[h]), MarkerShape::Circle, kMarkerSize,
                      behaviour_of(labels[h]).color});
  draw_colorbar(scene, {by_layer.right(), by_layer.y}, by_layer.h, layer_bar);
  draw_legend(scene, legend, {by_behaviour.right() + 12, by_behaviour.y});
  return scene;
}

}  // namespace attnscope::render
