#include "figure_checks.hpp"

#include <cairo.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/fixtures.hpp"

namespace attnscope::test {

namespace {

struct ReadState {
  const std::string* bytes;
  std::size_t offset = 0;
};

cairo_status_t read_chunk(void* closure, unsigned char* data, unsigned int length) {
  auto* s = static_cast<ReadState*>(closure);
  if (s->offset + length > s->bytes->size()) return CAIRO_STATUS_READ_ERROR;
  std::copy_n(s->bytes->data() + s->offset, length, reinterpret_cast<char*>(data));
  s->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

uint32_t DecodedPng::at(double x, double y) const {
  int ix = std::clamp(static_cast<int>(x), 0, width - 1);
  int iy = std::clamp(static_cast<int>(y), 0, height - 1);
  return pixels[static_cast<std::size_t>(iy) * width + ix];
}

DecodedPng decode_png(const std::string& bytes) {
  ReadState state{&bytes};
  cairo_surface_t* s = cairo_image_surface_create_from_png_stream(read_chunk, &state);
  if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(s);
    throw std::runtime_error("not a PNG");
  }
  DecodedPng png;
  png.width = cairo_image_surface_get_width(s);
  png.height = cairo_image_surface_get_height(s);
  int stride = cairo_image_surface_get_stride(s);
  const unsigned char* data = cairo_image_surface_get_data(s);
  for (int y = 0; y < png.height; ++y) {
    const auto* row =
        reinterpret_cast<const uint32_t*>(data + static_cast<std::size_t>(y) * stride);
    for (int x = 0; x < png.width; ++x) png.pixels.push_back(row[x] & 0xffffff);
  }
  cairo_surface_destroy(s);
  return png;
}

std::string pdf_text(const std::string& pdf_bytes) {
  auto dir = temp_dir("pdftext");
  auto pdf = dir / "in.pdf";
  std::ofstream(pdf, std::ios::binary) << pdf_bytes;
  auto txt = dir / "out.txt";
  std::string cmd = "pdftotext -q '" + pdf.string() + "' '" + txt.string() + "'";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("pdftotext failed");
  return read_file(txt);
}

std::vector<render::ImageItem> images_of(const render::Scene& scene, int cols, int rows) {
  std::vector<render::ImageItem> out;
  for (const auto& item : scene.items())
    if (const auto* i = std::get_if<render::ImageItem>(&item))
      if (i->cols == cols && i->rows == rows) out.push_back(*i);
  return out;
}

uint32_t cell_pixel(const DecodedPng& png, const render::ImageItem& image, int row, int col,
                    double dpi) {
  double scale = dpi / 72;
  double x = image.box.x + (col + 0.5) * image.box.w / image.cols;
  double y = image.box.y + (row + 0.5) * image.box.h / image.rows;
  return png.at(x * scale, y * scale);
}

uint32_t to_rgb(const render::Rgb& c) {
  auto b = [](double v) { return static_cast<uint32_t>(std::lround(v * 255)); };
  return (b(c.r) << 16) | (b(c.g) << 8) | b(c.b);
}

int nearest_entry(const render::Colormap& colormap, uint32_t rgb) {
  int best = 0;
  long best_d = -1;
  for (int i = 0; i < render::Colormap::kSteps; ++i) {
    uint32_t e = to_rgb(colormap.table()[i]);
    long d = 0;
    for (int s = 0; s < 24; s += 8) {
      long diff = static_cast<long>((e >> s) & 0xff) - static_cast<long>((rgb >> s) & 0xff);
      d += diff * diff;
    }
    if (best_d < 0 || d < best_d) best_d = d, best = i;
  }
  return best;
}

std::vector<std::string> overlapping_texts(const render::Scene& scene) {
  auto texts = scene.texts();
  std::vector<std::string> out;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    auto bi = texts[i]->outline.bounds();
    for (std::size_t j = i + 1; j < texts.size(); ++j) {
      auto bj = texts[j]->outline.bounds();
      if (bi.right() < bj.x || bj.right() < bi.x || bi.bottom() < bj.y || bj.bottom() < bi.y)
        continue;
      if (render::overlaps(texts[i]->outline, texts[j]->outline))
        out.push_back("'" + texts[i]->text + "' / '" + texts[j]->text + "'");
    }
  }
  return out;
}

std::vector<std::string> texts_outside(const render::Scene& scene) {
  std::vector<std::string> out;
  for (const auto* t : scene.texts()) {
    auto b = t->outline.bounds();
    if (b.x < 0 || b.y < 0 || b.right() > scene.width() || b.bottom() > scene.height())
      out.push_back(t->text);
  }
  return out;
}

std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("attnscope-render-" + std::to_string(::getpid())) / name;
  std::filesystem::create_directories(dir);
  return dir;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace attnscope::test

namespace attnscope::test {
void keep_for_viewing(const std::string& name, const std::string& bytes) {
  if (const char* dir = std::getenv("ATTNSCOPE_KEEP_FIGURES")) {
    std::filesystem::create_directories(dir);
    std::ofstream(std::filesystem::path(dir) / name, std::ios::binary) << bytes;
  }
}
void expect_clean_layout(const render::Scene& scene) {
  EXPECT_EQ(overlapping_texts(scene), std::vector<std::string>{});
  EXPECT_EQ(texts_outside(scene), std::vector<std::string>{});
}

int count_text(const render::Scene& scene, const std::string& text) {
  int count = 0;
  for (const auto* t : scene.texts()) count += t->text == text;
  return count;
}

}  // namespace attnscope::test
