#include "render/flow_figure.hpp"

#include "core/error.hpp"
#include "render/figure_size.hpp"
#include "render/heatmap_panel.hpp"
#include "render/layer_head.hpp"
#include "render/token_view.hpp"

namespace attnscope::render {

int find_token(const Attention& attention, const std::string& word) {
  std::string listing;
  for (int i = 0; i < attention.n(); ++i) {
    std::string label = token_label(attention.tokens[i]);
    if (label == word || attention.tokens[i].piece == word) return i;
    listing += (i ? ", " : "") + std::to_string(i) + ":" + label;
  }
  throw UsageError("token '" + word + "' is not in the text; its tokens are " + listing +
                   "; pass one of them or --index I");
}

Scene flow_figure(const Attention& attention, int query, const FigureOptions& options) {
  query = resolve_index(query, attention.n(), "--index");
  TokenView view = view_tokens(attention, options.hide_special);
  const int layers = attention.layers;
  // [key][layer]: the notebook's attention_by_layer.T
  Matrix m{view.size(), layers, std::vector<float>(static_cast<std::size_t>(view.size()) * layers)};
  for (int l = 0; l < layers; ++l)
    for (int r = 0; r < view.size(); ++r) {
      double sum = 0;
      for (int h = 0; h < attention.heads; ++h) sum += attention.at(l, h, query, view.index[r]);
      m.values[static_cast<std::size_t>(r) * layers + l] =
          static_cast<float>(sum / attention.heads);
    }
  double grow = growth_for(view.size());
  Scene scene(14 * kPointsPerInch, 8 * kPointsPerInch * grow);  // figsize=(14, 8)

  HeatmapPanel panel;
  panel.title = "Attention Flow for Token: \"" + token_label(attention.tokens[query]) + "\"";
  panel.title_font = {16, true};
  panel.x_label = "Layer";
  panel.y_label = "Token";
  panel.axis_label_font = {14, false};
  for (int l = 0; l < layers; ++l) panel.x_ticks.labels.push_back(std::to_string(l));
  panel.x_ticks.angle = 0;
  panel.y_ticks.labels = view.labels;
  panel.matrix = std::move(m);
  panel.scale = {&Colormap::named("YlOrRd"), 0, panel.matrix.max()};
  panel.square = false;  // imshow(aspect='auto')
  panel.colorbar = Colorbar{panel.scale, "Attention Weight"};
  panel.colorbar->label_font = {12, false};
  draw_heatmap_panel(scene, Box{0, 0, scene.width(), scene.height()}.inset(18, 14, 18, 14), panel);
  return scene;
}

}  // namespace attnscope::render
