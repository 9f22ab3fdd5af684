#pragma once
// The explorer's HTML/JS/CSS, compiled into the binary from src/web/assets/ (see assets.cmake):
// the page works offline and needs no files next to the executable.
#include <span>
#include <string_view>

namespace attnscope::web {

struct RawAsset {
  std::string_view name;  // file name under src/web/assets/, e.g. "heatmap.js"
  std::string_view bytes;
};

// Every embedded file (defined in the generated source).
std::span<const RawAsset> raw_assets();

// The asset called `name`, or nullptr.
const RawAsset* find_asset(std::string_view name);

// "text/javascript; charset=utf-8" and so on, from the file extension.
std::string_view content_type_for(std::string_view name);

}  // namespace attnscope::web
