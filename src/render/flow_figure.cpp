#include "render/flow_figure.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"
#include "render/figure_size.hpp"
#include "render/heatmap_panel.hpp"
#include "render/layer_head.hpp"
#include "render/token_view.hpp"

namespace attnscope::render {

int find_token(const Attention& attention, const std::string& word,
               const std::vector<std::string>& pieces) {
  for (int i = 0; i < attention.n(); ++i)
    if (token_label(attention.tokens[i]) == word || attention.tokens[i].piece == word) return i;
  for (int i = 0; i < attention.n(); ++i)
    if (std::find(pieces.begin(), pieces.end(), attention.tokens[i].piece) != pieces.end())
      return i;
  std::string listing;
  for (int i = 0; i < attention.n(); ++i)
    listing += (i ? ", " : "") + std::to_string(i) + ":" + token_label(attention.tokens[i]);
  throw UsageError("token '" + word + "' is not in the text; its tokens are " + listing +
                   "; pass one of them or --index I");
}

namespace {

// Not special and not punctuation alone: a letter, a digit or any non-ASCII character.
bool is_word_token(const Token& token) {
  if (token.special) return false;
  return std::any_of(token.display.begin(), token.display.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x80 || std::isalnum(byte);
  });
}

}  // namespace

int default_flow_query(const Attention& attention) {
  const int n = attention.n();
  if (attention.causal()) {
    for (int i = n - 1; i > 0; --i)
      if (is_word_token(attention.tokens[i])) return i;
    return n - 1;
  }
  for (int i = 0; i < n; ++i)
    if (is_word_token(attention.tokens[i])) return i;
  for (int i = 0; i < n; ++i)  // punctuation only: its first ordinary token
    if (!attention.tokens[i].special) return i;
  return 0;
}

std::string trivial_flow_warning(const Attention& attention, int query) {
  if (!attention.causal() || query != 0 || attention.n() < 2) return "";
  return "position 0 of the causal model " + attention.model_name +
         " can attend only to itself, so its flow is 1 on itself in every layer; follow a later "
         "token (--index -1 is the last)";
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
