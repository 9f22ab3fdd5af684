#include "render/corpus_stats_figure.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "render/heatmap_panel.hpp"
#include "render/legend.hpp"
#include "render/xy_panel.hpp"

namespace attnscope::render {

namespace {

constexpr int kColumns = 3;
constexpr double kPanelWidth = 4.4 * 72, kPanelHeight = 3.4 * 72;
constexpr double kMargin = 14;
constexpr double kSpread = 0.5;  // a layer's heads spread over this share of a layer's width
constexpr Rgb kHeadColor = Rgb::hex(0x3498db);  // Clark's BLUE
constexpr Rgb kMeanColor = Rgb::hex(0x1f4e79);
constexpr Rgb kBaselineColor = Rgb::hex(0xe74c3c);  // Clark's RED

bool is_entropy(const std::string& metric) { return metric.rfind("entropy", 0) == 0; }

XYPanel metric_panel(const analysis::CorpusStats& stats, const std::string& metric,
                     const std::vector<double>& values) {
  XYPanel panel;
  panel.title = corpus_metric_title(metric);
  panel.title_font = {11, true};
  panel.axis_label_font = {10, false};
  panel.tick_font = {9, false};
  panel.x_label = "Layer";
  panel.y_label = is_entropy(metric) ? "Entropy (nats)" : "Avg. attention";
  panel.grid_x = false;
  // Heads side by side within their layer, in head order, so no two dots of a layer coincide.
  LineSeries heads{{}, {}, kHeadColor, 0, MarkerShape::Circle, 4};
  LineSeries means{{}, {}, kMeanColor, 1.5, MarkerShape::Circle, 0};
  for (int l = 0; l < stats.layers; ++l) {
    double sum = 0;
    for (int h = 0; h < stats.heads; ++h) {
      const double offset =
          stats.heads > 1 ? (static_cast<double>(h) / (stats.heads - 1) - 0.5) * kSpread : 0;
      heads.x.push_back(l + offset);
      heads.y.push_back(values[l * stats.heads + h]);
      sum += values[l * stats.heads + h];
    }
    means.x.push_back(l);
    means.y.push_back(sum / stats.heads);
  }
  panel.lines = {heads, means};
  if (is_entropy(metric)) {
    const double lo = -kSpread / 2, hi = stats.layers - 1 + kSpread / 2;
    panel.lines.push_back({{lo, hi},
                           {stats.baseline_entropy, stats.baseline_entropy},
                           kBaselineColor,
                           1,
                           MarkerShape::Circle,
                           0});
  } else {
    panel.y_limits = {0.0, std::max(0.05, *std::max_element(values.begin(), values.end()) * 1.05)};
  }
  return panel;
}

}  // namespace

std::string corpus_metric_title(const std::string& metric) {
  static const std::array<std::pair<const char*, const char*>, 10> titles = {{
      {"self", "Attention to the token itself"},
      {"prev", "Attention to the previous token"},
      {"next", "Attention to the next token"},
      {"cls", "Attention to [CLS]"},
      {"sep", "Attention to [SEP]"},
      {"punct", "Attention to . and ,"},
      {"sep_sep", "[SEP] attending to [SEP]"},
      {"rest_sep", "Other tokens attending to [SEP]"},
      {"entropy", "Attention entropy"},
      {"entropy_cls", "Entropy of [CLS]'s attention"},
  }};
  for (const auto& [name, title] : titles)
    if (metric == name) return title;
  return metric;
}

// One legend for all panels, in the title band's right end (per panel it would hide dots).
Legend shared_legend(const analysis::CorpusStats& stats) {
  Legend legend;
  legend.font = {9, false};
  legend.entries = {{"a head", kHeadColor, Swatch::Marker},
                    {"layer mean", kMeanColor, Swatch::Line}};
  for (const auto& [metric, values] : stats.metrics)
    if (is_entropy(metric)) {
      legend.entries.push_back({"uniform attention (entropy)", kBaselineColor, Swatch::Line});
      break;
    }
  return legend;
}

Scene corpus_stats_figure(const analysis::CorpusStats& stats) {
  const int count = static_cast<int>(stats.metrics.size());
  const int cols = std::min(kColumns, std::max(count, 1));
  const int rows = (count + cols - 1) / cols;
  char subtitle[96];
  std::snprintf(subtitle, sizeof subtitle, "every head over %.0f documents (%.0f tokens)",
                stats.docs, stats.tokens);
  const std::string title = stats.model + ": where each head attends\n" + subtitle;
  const Font suptitle_font{15, true};
  const Legend legend = shared_legend(stats);
  const Box legend_box = legend_size(legend);
  const double band = std::max(title_height(title, suptitle_font), legend_box.h);
  const double top = kMargin + band + 10;
  Scene scene(cols * kPanelWidth + 2 * kMargin, top + rows * kPanelHeight + kMargin);
  draw_title(scene, title, scene.width() / 2, kMargin + band, suptitle_font);
  draw_legend(scene, legend, {scene.width() - kMargin - legend_box.w, kMargin});
  for (int p = 0; p < count; ++p) {
    const Box region{kMargin + (p % cols) * kPanelWidth, top + (p / cols) * kPanelHeight,
                     kPanelWidth, kPanelHeight};
    const auto& [metric, values] = stats.metrics[p];
    draw_xy_panel(scene, region.inset(8, 8, 8, 8), metric_panel(stats, metric, values));
  }
  return scene;
}

}  // namespace attnscope::render
