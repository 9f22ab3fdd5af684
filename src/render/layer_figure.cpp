#include "render/layer_figure.hpp"

#include <algorithm>
#include <string>

#include "render/attention_scale.hpp"
#include "render/colorbar.hpp"
#include "render/figure_size.hpp"
#include "render/heatmap_panel.hpp"
#include "render/layer_head.hpp"
#include "render/token_view.hpp"

namespace attnscope::render {

namespace {

constexpr int kColumns = 4;
constexpr double kMargin = 14;
constexpr double kPanelGap = 18;

}  // namespace

Scene layer_figure(const Attention& attention, int layer, const FigureOptions& options) {
  layer = resolve_layer(attention, layer);
  TokenView view = view_tokens(attention, options.hide_special);
  const int n = view.size();
  const int heads = attention.heads;
  const int cols = std::min(kColumns, heads);
  const int rows = (heads + kColumns - 1) / kColumns;
  const double grow = growth_for(n);
  constexpr double kTickSize = 7;
  const double fonts = font_factor(options, grow, kTickSize);
  const std::string note = attention_note(attention, options.note);
  // The notebook's figsize=(20, rows * 4) bounds the panels; the figure is then trimmed to
  // them, as its savefig(bbox_inches='tight') does.
  const auto [width, height] =
      options.size_inches.value_or(std::pair{20 * grow, rows * 4 * grow + 40 / kPointsPerInch});
  const double bound_w = width * kPointsPerInch;
  const double bound_h = height * kPointsPerInch + footnote_height(note);

  TickLabels tick;
  tick.labels = view.labels;
  tick.font = {kTickSize * fonts, false};
  tick.min_font = 5 * fonts;
  const Font panel_title{10 * fonts, true};
  const Font suptitle{16 * fonts, true};
  std::vector<Matrix> matrices;
  for (int h = 0; h < heads; ++h) matrices.push_back(head_matrix(attention, layer, h, view));
  // One scale for every head, so that panels compare (the notebook's 0-1).
  const AttentionScale chosen = attention_scale(matrices, options.scale, n);
  const ColorScale scale = chosen.scale;
  Colorbar bar{scale, chosen.label};
  bar.tick_font.size *= fonts;
  bar.label_font.size *= fonts;

  double top = kMargin + title_height("X", suptitle) + 10;
  double panel_title_h = title_height("X", panel_title) + 5;
  double left = kMargin + std::max(y_labels_width(tick), x_labels_left_reach(tick));
  double bottom = kMargin + x_labels_height(tick) + measure_text("Hg", tick.font).height() / 2 +
                  footnote_height(note);
  double right = kMargin + colorbar_width(bar);
  double side =
      std::min((bound_w - left - right - (cols - 1) * kPanelGap) / cols,
               (bound_h - top - bottom - rows * panel_title_h - (rows - 1) * kPanelGap) / rows);
  double grid_w = cols * side + (cols - 1) * kPanelGap;
  const std::string title =
      attention.model_name + " - Layer " + std::to_string(layer) + " - All Attention Heads";
  Scene scene(std::max(left + grid_w + right, measure_text(title, suptitle).width + 2 * kMargin),
              bound_h);
  double x0 = left + (scene.width() - left - right - grid_w) / 2;

  draw_title(scene, title, scene.width() / 2, top - 10, suptitle);
  CellBorders borders;
  if (n <= kMaxBorderedCells) borders.width = 0.2;
  double tick_h = measure_text("Hg", tick.font).height();
  double y_overhang = std::max(0.0, tick_h / 2 - side / n / 2);
  TickLabels x_tick = tick;
  same_stride(x_tick, tick, Box{0, 0, side, side});
  Box first, last;
  for (int h = 0; h < heads; ++h) {
    int r = h / kColumns, c = h % kColumns;
    Box cells{x0 + c * (side + kPanelGap),
              top + panel_title_h + r * (side + panel_title_h + kPanelGap), side, side};
    if (h == 0) first = cells;
    last = cells;
    draw_heatmap(scene, cells, matrices[h], scale, borders);
    draw_title(scene, "Head " + std::to_string(h), cells.center().x, cells.y - 5, panel_title);
    if (c == 0) draw_y_labels(scene, cells, tick);
    // The bottom row of each column: later heads would sit below this one.
    if (h + kColumns >= heads) draw_x_labels(scene, cells, x_tick, y_overhang);
  }
  double bar_left = x0 + grid_w;
  draw_colorbar(scene, {bar_left, first.y}, last.bottom() - first.y, bar);
  draw_footnote(scene, note);
  return scene;
}

}  // namespace attnscope::render
