#pragma once
// Saving a figure: the format comes from --format or the file's extension, and the file appears
// whole or not at all.
#include <filesystem>
#include <string>

#include "render/scene.hpp"

namespace attnscope::render {

enum class Format { Png, Svg, Pdf };

inline constexpr double kDefaultDpi = 150;  // the notebook's savefig(dpi=150)

// "png" / "svg" / "pdf" (any case); throws UsageError naming the valid ones.
Format parse_format(const std::string& name);
// `explicit_format` when not empty, else the extension of `path` (an error if it has none known).
Format format_for(const std::filesystem::path& path, const std::string& explicit_format = "");
const char* extension(Format format);

std::string render_bytes(const Scene& scene, Format format, double dpi = kDefaultDpi);
// Renders and writes atomically (nothing half-written on failure).
void save_figure(const Scene& scene, const std::filesystem::path& path, Format format,
                 double dpi = kDefaultDpi);

}  // namespace attnscope::render
