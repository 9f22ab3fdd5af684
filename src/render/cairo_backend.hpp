#pragma once
// Draws a Scene with cairo: PNG at a given resolution, PDF as vectors with real (searchable) text.
#include <string>

#include "render/scene.hpp"

namespace attnscope::render {

std::string render_png(const Scene& scene, double dpi);
std::string render_pdf(const Scene& scene);

// PNG bytes of a grid of colours, one pixel per cell (the SVG writer embeds heatmaps this way).
std::string encode_png(int cols, int rows, const std::vector<Rgb>& pixels);

}  // namespace attnscope::render
