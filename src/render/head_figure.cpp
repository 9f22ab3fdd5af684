#include "render/head_figure.hpp"

#include "render/figure_size.hpp"
#include "render/heatmap_panel.hpp"
#include "render/layer_head.hpp"
#include "render/token_view.hpp"

namespace attnscope::render {

Scene head_figure(const Attention& attention, int layer, int head, const FigureOptions& options,
                  const std::string& title) {
  layer = resolve_layer(attention, layer);
  head = resolve_head(attention, head);
  TokenView view = view_tokens(attention, options.hide_special);
  double grow = growth_for(view.size());
  Scene scene(12 * kPointsPerInch * grow, 10 * kPointsPerInch * grow);  // figsize=(12, 10)

  HeatmapPanel panel;
  panel.title =
      title.empty() ? "Layer " + std::to_string(layer) + ", Head " + std::to_string(head) : title;
  panel.x_label = "Key Tokens";
  panel.y_label = "Query Tokens";
  panel.x_ticks.labels = view.labels;
  panel.y_ticks.labels = view.labels;
  panel.matrix = head_matrix(attention, layer, head, view);
  panel.scale = {&Colormap::named("YlOrRd"), 0, 1};
  if (view.size() <= kMaxBorderedCells) panel.borders.width = 0.5;
  panel.colorbar = Colorbar{panel.scale, "Attention Weight"};
  draw_heatmap_panel(scene,
                     Box{0, 0, scene.width(), scene.height()}.inset(
                         18, 14, 18, 14 + footnote_height(options.note)),
                     panel);
  draw_footnote(scene, options.note);
  return scene;
}

}  // namespace attnscope::render
