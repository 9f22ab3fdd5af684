#include "render/compare_figure.hpp"

#include <algorithm>

#include "render/figure_size.hpp"
#include "render/heatmap_panel.hpp"
#include "render/layer_head.hpp"
#include "render/token_view.hpp"

namespace attnscope::render {

namespace {

std::string kind_of(const Attention& a) {
  return a.causal() ? "Causal Decoder" : "Bidirectional Encoder";
}

// The colour a model's kind is known by in the figure and its explanation.
const char* colour_word(const Attention& a) { return a.causal() ? "Red" : "Blue"; }

HeatmapPanel model_panel(const Attention& a, int layer, int head, const FigureOptions& options) {
  layer = resolve_layer(a, layer);
  head = resolve_head(a, head);
  TokenView view = view_tokens(a, options.hide_special);
  HeatmapPanel panel;
  panel.title = a.model_name + " (" + kind_of(a) + ")\nLayer " + std::to_string(layer) + ", Head " +
                std::to_string(head);
  panel.x_label = "Key Tokens";
  panel.y_label = "Query Tokens";
  panel.axis_label_font = {10, false};
  panel.x_ticks.labels = view.labels;
  panel.y_ticks.labels = view.labels;
  panel.matrix = head_matrix(a, layer, head, view);
  panel.scale =
      data_scale(Colormap::named(compare_colormap(a)), panel.matrix);  // seaborn's default range
  if (view.size() <= kMaxBorderedCells) panel.borders.width = 0.5;
  panel.colorbar = Colorbar{panel.scale, ""};
  return panel;
}

std::string explain(const Attention& a) {
  std::string name = a.model_name + " (" + colour_word(a) + "):\n";
  if (a.causal())
    return name +
           "  - Causal (triangular pattern): only attends to past tokens\n"
           "  - Prevents information leakage during generation\n"
           "  - Applications: text generation, autocompletion\n";
  return name +
         "  - Bidirectional: can attend to all tokens (past and future)\n"
         "  - Useful for understanding context from both directions\n"
         "  - Applications: classification, named entity recognition\n";
}

}  // namespace

std::string compare_colormap(const Attention& a) { return a.causal() ? "Reds" : "Blues"; }

Scene compare_figure(const Attention& left, const Attention& right, int layer, int head,
                     const FigureOptions& options) {
  HeatmapPanel a = model_panel(left, layer, head, options);
  HeatmapPanel b = model_panel(right, layer, head, options);
  double grow = growth_for(std::max(a.matrix.rows, b.matrix.rows));
  Scene scene(20 * kPointsPerInch * grow, 8 * kPointsPerInch * grow + 30);  // figsize=(20, 8)
  const Font suptitle{16, true};
  double top = 14 + title_height("X", suptitle) + 12;
  draw_title(scene, left.model_name + " vs " + right.model_name + ": Attention Patterns",
             scene.width() / 2, top - 12, suptitle);
  Box area = Box{0, top, scene.width(), scene.height() - top}.inset(18, 0, 18, 14);
  double half = (area.w - 30) / 2;
  draw_heatmap_panel(scene, {area.x, area.y, half, area.h}, a);
  draw_heatmap_panel(scene, {area.x + half + 30, area.y, half, area.h}, b);
  return scene;
}

std::string compare_explanation(const Attention& left, const Attention& right) {
  return "Key Differences:\n" + explain(left) + "\n" + explain(right);
}

}  // namespace attnscope::render
