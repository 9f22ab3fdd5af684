#include "render/rollout_figure.hpp"

#include "render/figure_size.hpp"
#include "render/heatmap_panel.hpp"
#include "render/token_view.hpp"

namespace attnscope::render {

Scene rollout_figure(const Attention& attention, const std::vector<double>& matrix,
                     const std::string& title, const FigureOptions& options) {
  TokenView view = view_tokens(attention, options.hide_special);
  const double grow = growth_for(view.size());
  Scene scene(12 * kPointsPerInch * grow, 10 * kPointsPerInch * grow);  // as the head figure

  HeatmapPanel panel;
  panel.title = attention.model_name + ": " + title;
  panel.x_label = "Input Tokens";
  panel.y_label = "Output Positions (last layer)";
  panel.x_ticks.labels = view.labels;
  panel.y_ticks.labels = view.labels;
  panel.matrix = view_matrix(matrix, attention.n(), view, attention.causal());
  panel.same_tokens = true;
  // Rows sum to 1 but mass spreads over inputs; the data's own range shows the structure.
  panel.scale = data_scale(Colormap::named("YlOrRd"), panel.matrix);
  if (view.size() <= kMaxBorderedCells) panel.borders.width = 0.5;
  panel.colorbar = Colorbar{panel.scale, "Share of Input"};
  const std::string note = attention_note(attention, options.note);
  draw_heatmap_panel(
      scene, Box{0, 0, scene.width(), scene.height()}.inset(18, 14, 18, 14 + footnote_height(note)),
      panel);
  draw_footnote(scene, note);
  return scene;
}

}  // namespace attnscope::render
