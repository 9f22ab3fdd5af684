#include "render/head_figure.hpp"

#include "render/attention_scale.hpp"
#include "render/figure_size.hpp"
#include "render/heatmap_panel.hpp"
#include "render/layer_head.hpp"
#include "render/token_view.hpp"

namespace attnscope::render {

double font_factor(const FigureOptions& options, double growth, double tick_size) {
  return options.font_size ? *options.font_size / tick_size : growth;
}

Scene head_figure(const Attention& attention, int layer, int head, const FigureOptions& options,
                  const std::string& title) {
  layer = resolve_layer(attention, layer);
  head = resolve_head(attention, head);
  TokenView view = view_tokens(attention, options.hide_special);
  const double grow = growth_for(view.size());
  const auto [width, height] =
      options.size_inches.value_or(std::pair{12 * grow, 10 * grow});  // figsize=(12, 10)
  Scene scene(width * kPointsPerInch, height * kPointsPerInch);

  HeatmapPanel panel;
  panel.title =
      title.empty() ? "Layer " + std::to_string(layer) + ", Head " + std::to_string(head) : title;
  panel.x_label = "Key Tokens";
  panel.y_label = "Query Tokens";
  panel.x_ticks.labels = view.labels;
  panel.y_ticks.labels = view.labels;
  panel.same_tokens = true;
  panel.matrix = head_matrix(attention, layer, head, view);
  const AttentionScale scale = attention_scale({panel.matrix}, options.scale, view.size());
  panel.scale = scale.scale;
  if (view.size() <= kMaxBorderedCells) panel.borders.width = 0.5;
  panel.colorbar = Colorbar{panel.scale, scale.label};
  scale_fonts(panel, font_factor(options, grow, panel.x_ticks.font.size));
  const std::string note = attention_note(attention, options.note);
  draw_heatmap_panel(
      scene, Box{0, 0, scene.width(), scene.height()}.inset(18, 14, 18, 14 + footnote_height(note)),
      panel);
  draw_footnote(scene, note);
  return scene;
}

}  // namespace attnscope::render
