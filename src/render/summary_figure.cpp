#include "render/summary_figure.hpp"

#include <algorithm>
#include <cstdio>

#include "analysis/score_heads.hpp"
#include "analysis/seed_summary.hpp"
#include "render/figure_size.hpp"
#include "render/heatmap_panel.hpp"
#include "render/token_view.hpp"
#include "render/xy_panel.hpp"

namespace attnscope::render {

std::vector<double> sharpness_by_layer(const Attention& attention) {
  auto scores =
      analysis::score_heads(attention, {{"row_max", [](analysis::HeadMatrix a) {
                                           double sum = 0;
                                           for (int i = 0; i < a.n; ++i)
                                             sum += *std::max_element(a.row(i), a.row(i) + a.n);
                                           return sum / a.n;
                                         }}});
  std::vector<double> out(attention.layers, 0.0);
  for (int l = 0; l < attention.layers; ++l) {
    for (int h = 0; h < attention.heads; ++h) out[l] += scores.at("row_max", l, h);
    out[l] /= attention.heads;
  }
  return out;
}

Scene summary_figure(const Attention& attention, const SummaryOptions& options) {
  analysis::AttentionSummary stats = analysis::seed_summary(attention);
  TokenView view = view_tokens(attention, options.hide_special);
  double grow = growth_for(view.size() * 2);
  Scene scene(16 * kPointsPerInch * grow, 12 * kPointsPerInch * grow);  // figsize=(16, 12)
  // Fonts grow with the figure: a 300-token summary was 4992 px wide with 10 pt labels.
  const Font suptitle{16 * grow, true};
  double top = 14 + title_height("X", suptitle) + 14;
  draw_title(scene, attention.model_name + " Attention Analysis Summary", scene.width() / 2,
             top - 14, suptitle);
  double gap = 30;
  const std::string note = attention_note(attention, options.note);
  double pw = (scene.width() - 36 - gap) / 2,
         ph = (scene.height() - top - 14 - footnote_height(note) - gap) / 2;
  auto panel_box = [&](int r, int c) {
    return Box{18 + c * (pw + gap), top + r * (ph + gap), pw, ph};
  };

  std::vector<double> layers(attention.layers);
  for (int l = 0; l < attention.layers; ++l) layers[l] = l;

  XYPanel first;
  first.x_label = "Layer";
  if (options.seed_exact) {
    first.title = "Average Attention Across Layers";
    first.y_label = "Average Attention Weight";
    first.lines.push_back({layers, stats.mean_weight});
  } else {
    first.title = "Attention Sharpness Across Layers";
    first.y_label = "Mean Max Attention Weight";
    first.lines.push_back({layers, sharpness_by_layer(attention)});
  }
  first.scale_fonts(grow);
  draw_xy_panel(scene, panel_box(0, 0), first);

  XYPanel entropy;
  entropy.title = "Attention Entropy Across Layers";
  entropy.x_label = "Layer";
  entropy.y_label = "Attention Entropy";
  entropy.lines.push_back({layers, stats.mean_entropy, colors::orange, 2, MarkerShape::Square, 8});
  entropy.scale_fonts(grow);
  draw_xy_panel(scene, panel_box(0, 1), entropy);

  HeatmapPanel average;
  average.title = "Average Attention (All Layers & Heads)";
  average.x_label = "Key Tokens";
  average.y_label = "Query Tokens";
  average.axis_label_font = {10, false};
  average.x_ticks.labels = average.y_ticks.labels = view.labels;
  average.matrix = view_matrix(stats.average, attention.n(), view, attention.causal());
  average.scale = data_scale(Colormap::named("YlOrRd"), average.matrix);
  if (view.size() <= kMaxBorderedCells) average.borders.width = 0.5;
  average.colorbar = Colorbar{average.scale, ""};
  average.same_tokens = true;
  scale_fonts(average, grow);
  draw_heatmap_panel(scene, panel_box(1, 0), average);

  XYPanel received;
  received.title = "Attention Received by Each Token";
  received.x_label = "Token";
  received.y_label = "Total Attention Received";
  received.grid_x = false;
  received.bars.emplace_back();
  for (int i : view.index) received.bars[0].heights.push_back(stats.received[i]);
  received.categories.labels = view.labels;
  received.scale_fonts(grow);
  draw_xy_panel(scene, panel_box(1, 1), received);
  draw_footnote(scene, note);
  return scene;
}

std::string summary_text(const Attention& attention) {
  analysis::AttentionSummary stats = analysis::seed_summary(attention);
  auto mean = [](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? 0.0 : s / static_cast<double>(v.size());
  };
  std::string rule(70, '=');
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "%s Attention Summary\n%s\n"
                "  Total layers: %d\n  Heads per layer: %d\n  Sequence length: %d\n"
                "  Avg attention weight: %.4f\n  Avg entropy: %.4f\n"
                "  Avg sharpness (max weight per row): %.4f\n",
                attention.model_name.c_str(), rule.c_str(), attention.layers, attention.heads,
                attention.n(), mean(stats.mean_weight), mean(stats.mean_entropy),
                mean(sharpness_by_layer(attention)));
  return buf + ("  Most attended token: '" + token_label(attention.tokens[stats.most_attended]) +
                "'\n" + rule + "\n");
}

}  // namespace attnscope::render
