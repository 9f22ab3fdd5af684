#include "web/embedded_assets.hpp"

namespace attnscope::web {

const RawAsset* find_asset(std::string_view name) {
  for (const auto& asset : raw_assets()) {
    if (asset.name == name) return &asset;
  }
  return nullptr;
}

std::string_view content_type_for(std::string_view name) {
  auto ends_with = [&](std::string_view suffix) { return name.ends_with(suffix); };
  if (ends_with(".html")) return "text/html; charset=utf-8";
  if (ends_with(".js")) return "text/javascript; charset=utf-8";
  if (ends_with(".css")) return "text/css; charset=utf-8";
  if (ends_with(".svg")) return "image/svg+xml";
  if (ends_with(".json")) return "application/json";
  return "application/octet-stream";
}

}  // namespace attnscope::web
