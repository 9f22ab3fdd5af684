#pragma once
// The notebook's create_attention_summary: a 2x2 panel of whole-model statistics and the printed
// summary block.
#include <string>

#include "attention/attention.hpp"
#include "render/head_figure.hpp"
#include "render/scene.hpp"

namespace attnscope::render {

struct SummaryOptions : FigureOptions {
  // The notebook's first panel plots each layer's mean attention weight, which is always 1/n
  // (every row sums to 1): a flat line. By default it plots sharpness (mean of each row's largest
  // weight) instead; seed_exact restores the notebook's panel.
  bool seed_exact = false;
};

// Panels: sharpness (or mean weight) by layer; entropy by layer; attention averaged over all
// layers and heads; attention received by each token. Suptitle "<model> Attention Analysis
// Summary".
Scene summary_figure(const Attention& attention, const SummaryOptions& options = {});

// Per layer: mean over heads and query rows of the row's largest weight.
std::vector<double> sharpness_by_layer(const Attention& attention);

// The notebook's printed block (layers, heads, length, averages, most attended token).
std::string summary_text(const Attention& attention);

// Why the first panel differs from the notebook's, for captions and --help.
inline constexpr const char* kSharpnessNote =
    "The notebook's 'average attention by layer' is always 1/n because every row sums to 1, so "
    "the first panel shows sharpness (the mean of each row's largest weight) instead; "
    "--seed-exact restores it.";

}  // namespace attnscope::render
