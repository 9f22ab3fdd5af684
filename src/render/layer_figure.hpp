#pragma once
// The notebook's plot_all_heads_in_layer: every head of one layer in a 4-column grid.
#include "attention/attention.hpp"
#include "render/head_figure.hpp"
#include "render/scene.hpp"

namespace attnscope::render {

// Panels titled "Head h", token labels only on the outer edges (y on the left column, x on the
// bottom row), one shared 0..1 YlOrRd colorbar, suptitle "<model> - Layer L - All Attention
// Heads".
Scene layer_figure(const Attention& attention, int layer, const FigureOptions& options = {});

}  // namespace attnscope::render
