#include "render/figure_file.hpp"

#include <algorithm>
#include <cctype>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "render/cairo_backend.hpp"
#include "render/svg_backend.hpp"

namespace attnscope::render {

Format parse_format(const std::string& name) {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "png") return Format::Png;
  if (lower == "svg") return Format::Svg;
  if (lower == "pdf") return Format::Pdf;
  throw UsageError("unknown figure format '" + name + "'; use png, svg or pdf");
}

Format format_for(const std::filesystem::path& path, const std::string& explicit_format) {
  if (!explicit_format.empty()) return parse_format(explicit_format);
  std::string ext = path.extension().string();
  if (ext.empty())
    throw UsageError("cannot tell the figure format of '" + path.string() +
                     "'; end it with .png, .svg or .pdf, or pass --format");
  try {
    return parse_format(ext.substr(1));
  } catch (const UsageError&) {
    throw UsageError("unknown figure format '" + ext + "' of '" + path.string() +
                     "'; use .png, .svg or .pdf, or pass --format");
  }
}

const char* extension(Format format) {
  switch (format) {
    case Format::Png:
      return "png";
    case Format::Svg:
      return "svg";
    case Format::Pdf:
      return "pdf";
  }
  return "png";
}

std::string render_bytes(const Scene& scene, Format format, double dpi) {
  if (!(dpi >= 10 && dpi <= 1200))
    throw UsageError("--dpi must be between 10 and 1200 (default 150)");
  switch (format) {
    case Format::Png:
      return render_png(scene, dpi);
    case Format::Svg:
      return render_svg(scene);
    case Format::Pdf:
      return render_pdf(scene);
  }
  return {};
}

void save_figure(const Scene& scene, const std::filesystem::path& path, Format format, double dpi) {
  write_file_atomic(path, render_bytes(scene, format, dpi));
}

}  // namespace attnscope::render
