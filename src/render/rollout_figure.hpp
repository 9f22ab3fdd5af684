#pragma once
// Attention rollout or flow as a token × token heatmap: row = position after the last layer,
// column = input token it draws on.
#include <string>
#include <vector>

#include "attention/attention.hpp"
#include "render/head_figure.hpp"
#include "render/scene.hpp"

namespace attnscope::render {

// `matrix` is n × n, row-major, rows summing to 1 (attention_rollout's last layer or
// attention_flow); `title` names the method ("Attention rollout (mean fusion)").
Scene rollout_figure(const Attention& attention, const std::vector<double>& matrix,
                     const std::string& title, const FigureOptions& options = {});

}  // namespace attnscope::render
