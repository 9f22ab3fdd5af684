#pragma once
// What render tests check in a figure: decoded PNG pixels, the text a PDF/SVG carries, the
// heatmaps and colorbars a scene holds, and overlapping texts.
#include <filesystem>
#include <string>
#include <vector>

#include "render/colormap.hpp"
#include "render/scene.hpp"

namespace attnscope::test {

struct DecodedPng {
  int width = 0, height = 0;
  std::vector<uint32_t> pixels;  // 0xRRGGBB
  uint32_t at(double x, double y) const;
};

DecodedPng decode_png(const std::string& bytes);
// Text as pdftotext extracts it.
std::string pdf_text(const std::string& pdf_bytes);

// Images in the scene with this many columns and rows (heatmaps: n x n; colorbars: 1 x 256).
std::vector<render::ImageItem> images_of(const render::Scene& scene, int cols, int rows);

// Pixel (in a PNG rendered at `dpi`) at the centre of cell (row, col) of `image`.
uint32_t cell_pixel(const DecodedPng& png, const render::ImageItem& image, int row, int col,
                    double dpi);

// The colormap entry nearest to a pixel colour.
int nearest_entry(const render::Colormap& colormap, uint32_t rgb);
uint32_t to_rgb(const render::Rgb& color);

// Pairs of texts whose rotated outlines overlap, as "a" / "b" strings (empty: none).
std::vector<std::string> overlapping_texts(const render::Scene& scene);
// Texts that reach outside the figure.
std::vector<std::string> texts_outside(const render::Scene& scene);
// A test failure for each overlapping text pair and each text outside the figure.
void expect_clean_layout(const render::Scene& scene);
// How many texts of the scene read exactly `text`.
int count_text(const render::Scene& scene, const std::string& text);

std::filesystem::path temp_dir(const std::string& name);
std::string read_file(const std::filesystem::path& path);

}  // namespace attnscope::test

namespace attnscope::test {
// Also writes the figure to $ATTNSCOPE_KEEP_FIGURES/<name> when that is set, to look at it.
void keep_for_viewing(const std::string& name, const std::string& bytes);
}  // namespace attnscope::test
