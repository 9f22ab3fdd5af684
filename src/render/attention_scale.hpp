#pragma once
// The colour scale of token-attention heatmaps (head and layer figures). Up to 64 tokens it is
// the notebook's YlOrRd over 0–1. Beyond, a head's weights spread so thin that 0–1 leaves it
// nearly blank (312 tokens: most cells below 0.01), so the scale tops at the 99th percentile of
// the cells shown, and the colorbar's label says so. --vmax, --cmap and --log override.
#include <string>
#include <vector>

#include "render/head_figure.hpp"
#include "render/heatmap.hpp"

namespace attnscope::render {

inline constexpr int kFixedScaleTokens = 64;

struct AttentionScale {
  ColorScale scale;
  std::string label;  // the colorbar's: "Attention Weight (top: 99th percentile, 0.083)"
};

// `shown` are the matrices drawn on this one scale (one head, or every head of a layer); masked
// cells do not count.
AttentionScale attention_scale(const std::vector<Matrix>& shown, const ScaleOptions& options,
                               int tokens);

// numpy.percentile's default (linear) of the unmasked cells; 0 when there are none.
double unmasked_percentile(const std::vector<Matrix>& shown, double percent);

}  // namespace attnscope::render
