#include "render/probe_figure.hpp"

#include <algorithm>
#include <cstdio>

#include "analysis/dependency_probe.hpp"
#include "render/figure_size.hpp"
#include "render/heatmap_panel.hpp"
#include "render/legend.hpp"
#include "render/xy_panel.hpp"

namespace attnscope::render {

namespace {

constexpr double kInchesPerRelation = 0.55;
constexpr double kMinWidthInches = 8, kHeightInches = 5.5;
constexpr double kMargin = 14;
constexpr Rgb kHeadColor = Rgb::hex(0x3498db), kBaselineColor = Rgb::hex(0x95a5a6);
constexpr double kAlpha = 0.9;

std::string count_text(double count) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f", count);
  return text;
}

}  // namespace

std::string best_head_text(const analysis::RelationProbe& relation) {
  return std::to_string(relation.best_layer) + "-" + std::to_string(relation.best_head) +
         (relation.best_direction == "head_to_dep" ? " h→d" : " d→h");
}

Scene probe_figure(const analysis::ProbeResult& probe) {
  const double relations = static_cast<double>(probe.relations.size());
  const double width =
      std::max(kMinWidthInches, 1.5 + relations * kInchesPerRelation) * kPointsPerInch;
  Scene scene(width, kHeightInches * kPointsPerInch);

  // Title and legend go above the plot, where the legend hides no bar.
  char title[200];
  std::snprintf(title, sizeof title,
                "%s: dependency relations, best head vs. best fixed-offset baseline\n"
                "%.0f sentences, %.0f words",
                probe.model.c_str(), probe.sentences, probe.words);
  const Font title_font{13, true};
  Legend legend;
  legend.font = {9, false};
  legend.entries = {
      {"best head (layer-head; d→h: the dependent attends to its head)",
       {kHeadColor, kAlpha},
       Swatch::Bar},
      {"best fixed offset (+k: the head is k words right)", {kBaselineColor, kAlpha}, Swatch::Bar}};
  const Box legend_box = legend_size(legend);
  const double title_h = title_height(title, title_font), band = title_h + 6 + legend_box.h;
  draw_title(scene, title, scene.width() / 2, kMargin + title_h, title_font);
  draw_legend(scene, legend, {scene.width() - kMargin - legend_box.w, kMargin + title_h + 6});

  XYPanel panel;
  panel.y_label = "Accuracy";
  panel.x_label = "Relation (instances)";
  panel.grid_x = false;
  panel.y_limits = {0.0, 1.0};
  BarSeries head{{}, kHeadColor, kAlpha, 0.4, -0.2};
  BarSeries baseline{{}, kBaselineColor, kAlpha, 0.4, 0.2};
  for (const auto& r : probe.relations) {
    panel.categories.labels.push_back(r.relation + " (" + count_text(r.count) + ")");
    head.heights.push_back(r.best_accuracy);
    head.annotations.push_back(best_head_text(r));
    baseline.heights.push_back(r.baseline_accuracy);
    baseline.annotations.push_back(analysis::offset_text(r.baseline_offset));
  }
  panel.categories.max_chars = 24;
  panel.bars = {head, baseline};
  const Box region{0, kMargin + band + 10, scene.width(), scene.height() - kMargin - band - 10};
  draw_xy_panel(scene, region.inset(kMargin, 0, kMargin, kMargin), panel);
  return scene;
}

}  // namespace attnscope::render
