#pragma once
// The notebook's plot_attention_head: one head's attention as a heatmap.
#include <optional>
#include <string>
#include <utility>

#include "attention/attention.hpp"
#include "render/scene.hpp"

namespace attnscope::render {

// How token-attention heatmaps (head, layer) colour their weights: --cmap, --vmax, --log.
struct ScaleOptions {
  std::string cmap = {};            // empty: YlOrRd, the notebook's
  std::optional<double> vmax = {};  // a fixed top of the scale
  bool vmax_auto = false;           // top at the 99th percentile of the cells shown
  bool log = false;                 // logarithmic, as matplotlib's LogNorm
};

struct FigureOptions {
  bool hide_special = false;  // --no-special
  std::string note = {};      // a footnote saying what the cells are when not token attention
  ScaleOptions scale = {};
  std::optional<std::pair<double, double>> size_inches = {};  // --size WxH replaces the default
  std::optional<double> font_size = {};  // --font-size: tick labels, the rest in proportion
};

// How much to enlarge a figure's fonts: --font-size against the figure's own tick label size
// (`tick_size`), else as much as the figure grew for a long input, so labels keep their size
// relative to the figure.
double font_factor(const FigureOptions& options, double growth, double tick_size);

// YlOrRd from 0 to 1 (see attention_scale for long inputs and options.scale), square cells, key
// tokens on x (45°) and query tokens on y labelled alike, colorbar "Attention Weight", title
// "Layer L, Head H" (`title` replaces it when not empty), options.note under the figure.
Scene head_figure(const Attention& attention, int layer, int head,
                  const FigureOptions& options = {}, const std::string& title = "");

}  // namespace attnscope::render
