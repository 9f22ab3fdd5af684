#include "render/score_grid_figure.hpp"

#include <algorithm>

#include "render/figure_size.hpp"
#include "render/heatmap_panel.hpp"

namespace attnscope::render {

namespace {

constexpr int kColumns = 3;
constexpr double kPanelInches = 5;
constexpr double kMargin = 14;
constexpr Rgb kMarkColor = Rgb::hex(0xd62728);  // matplotlib's tab:red, visible on viridis

std::vector<std::string> numbered(const char* prefix, int count) {
  std::vector<std::string> labels;
  for (int i = 0; i < count; ++i) {
    std::string label = prefix;
    labels.push_back(label += std::to_string(i));
  }
  return labels;
}

HeatmapPanel metric_panel(const analysis::HeadScores& scores, const ScorePanel& wanted,
                          const analysis::MarkedHeads& marked) {
  HeatmapPanel panel;
  panel.title = wanted.title + "\n" + (marked.heads.empty() ? "" : "outlined: ") + marked.legend;
  panel.x_label = "Head";
  panel.y_label = "Layer";
  panel.x_ticks.labels = numbered("", scores.heads());
  panel.x_ticks.angle = 0;
  panel.y_ticks.labels = numbered("", scores.layers());
  const auto& values = scores.values(wanted.metric);
  panel.matrix = {scores.layers(), scores.heads(),
                  std::vector<float>(values.begin(), values.end())};
  float low = panel.matrix.min(), high = panel.matrix.max();
  if (wanted.threshold) low = std::min(low, 0.0f), high = std::max(high, 1.0f);
  // A constant metric still needs a non-empty range for the colour scale.
  panel.scale = {&Colormap::named("viridis"), low, high > low ? high : low + 1};
  panel.borders.width = 0.5;
  panel.colorbar = Colorbar{panel.scale, "Score"};
  panel.title_font = {12, true};
  panel.square = true;
  return panel;
}

void outline(Scene& scene, const Box& cells, const analysis::HeadScores& scores,
             const analysis::MarkedHeads& marked) {
  const double w = cells.w / scores.heads(), h = cells.h / scores.layers();
  for (const auto& head : marked.heads) {
    const Box cell{cells.x + head.head * w, cells.y + head.layer * h, w, h};
    scene.rect(RectItem{cell.inset(1, 1, 1, 1), {colors::white, 0}, {kMarkColor, 1}, 2});
  }
}

}  // namespace

std::vector<ScorePanel> available_panels(const analysis::HeadScores& scores,
                                         const std::vector<ScorePanel>& panels) {
  std::vector<ScorePanel> available;
  for (const auto& panel : panels)
    if (scores.has(panel.metric)) available.push_back(panel);
  return available;
}

Scene score_grid_figure(const analysis::HeadScores& scores, const std::vector<ScorePanel>& all,
                        const std::string& suptitle, int marked) {
  const std::vector<ScorePanel> panels = available_panels(scores, all);
  const int count = static_cast<int>(panels.size());
  // Four panels read better as 2 × 2 than as 3 + 1.
  const int cols = count == 4 ? 2 : std::min(kColumns, std::max(count, 1));
  const int rows = (count + cols - 1) / cols;
  const double panel_size = kPanelInches * kPointsPerInch;
  const Font suptitle_font{16, true};
  const double top = kMargin + title_height(suptitle, suptitle_font) + 10;
  Scene scene(cols * panel_size + 2 * kMargin, top + rows * panel_size + kMargin);
  draw_title(scene, suptitle, scene.width() / 2, top - 10, suptitle_font);
  for (int p = 0; p < count; ++p) {
    const Box region{kMargin + (p % cols) * panel_size, top + (p / cols) * panel_size, panel_size,
                     panel_size};
    const auto chosen =
        analysis::mark_heads(scores, panels[p].metric, {marked, panels[p].threshold});
    const auto layout = draw_heatmap_panel(scene, region.inset(6, 6, 6, 6),
                                           metric_panel(scores, panels[p], chosen));
    outline(scene, layout.cells, scores, chosen);
  }
  return scene;
}

}  // namespace attnscope::render
