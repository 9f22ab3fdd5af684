#include "web/explorer_page.hpp"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/markup.hpp"
#include "render/colormap.hpp"
#include "web/attention_payload.hpp"
#include "web/embedded_assets.hpp"
#include "web/explorer_scores.hpp"

namespace attnscope::web {

namespace {

constexpr std::string_view kConfigMarker = "<!--attnscope:config-->";
constexpr std::string_view kTitleMarker = "<!--attnscope:title-->";

std::string_view asset_bytes(std::string_view name) {
  const RawAsset* asset = find_asset(name);
  if (asset == nullptr) throw Error("the explorer page is missing its asset " + std::string(name));
  return asset->bytes;
}

void replace_once(std::string& text, std::string_view marker, std::string_view with) {
  const auto at = text.find(marker);
  if (at == std::string::npos) throw Error("explorer template lacks " + std::string(marker));
  text.replace(at, marker.size(), with);
}

// JSON inside <script>: no "<" may appear, so "</script>" in a token cannot end the block. "<"
// occurs only inside JSON strings, where \u003c means the same character.
std::string script_safe_json(const nlohmann::json& value) {
  std::string out;
  for (char c : value.dump()) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

nlohmann::json colormap_json(std::string_view name) {
  nlohmann::json colors = nlohmann::json::array();
  for (const auto& rgb : render::Colormap::named(name).table()) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "#%02x%02x%02x", static_cast<int>(rgb.r * 255 + 0.5),
                  static_cast<int>(rgb.g * 255 + 0.5), static_cast<int>(rgb.b * 255 + 0.5));
    colors.push_back(hex);
  }
  return colors;
}

std::string page(const nlohmann::json& config, std::string_view title) {
  std::string html(asset_bytes("index.html"));
  replace_once(html, kTitleMarker, escape_markup(title));
  replace_once(html, kConfigMarker,
               "<script id=\"attnscope-config\" type=\"application/json\">" +
                   script_safe_json(config) + "</script>");
  return html;
}

nlohmann::json base_config(std::string_view mode) {
  return {{"mode", mode},
          {"colormaps",
           {{"attention", colormap_json("YlOrRd")}, {"scores", colormap_json("viridis")}}}};
}

// Replaces each `open + "assets/NAME" + rest` element with `inline_open + content + close`.
void inline_references(std::string& html, std::string_view open, std::string_view rest,
                       std::string_view inline_open, std::string_view close) {
  const std::string prefix = std::string(open) + "assets/";
  for (auto at = html.find(prefix); at != std::string::npos; at = html.find(prefix, at)) {
    const auto name_start = at + prefix.size();
    const auto name_end = html.find('"', name_start);
    const auto end = html.find(rest, name_end);
    if (name_end == std::string::npos || end == std::string::npos) {
      throw Error("explorer template has an unterminated asset reference");
    }
    const std::string_view content = asset_bytes(html.substr(name_start, name_end - name_start));
    if (content.find(close) != std::string_view::npos) {
      throw Error("an explorer asset contains " + std::string(close) + " and cannot be inlined");
    }
    const std::string replacement =
        std::string(inline_open) + std::string(content) + std::string(close);
    html.replace(at, end + rest.size() - at, replacement);
    at += replacement.size();
  }
}

std::string text_from_tokens(const Attention& attention) {
  std::string text;
  for (const auto& token : attention.tokens) {
    if (!token.special) text += token.display;
  }
  return text;
}

}  // namespace

std::string served_page() { return page(base_config("server"), "attnscope explorer"); }

std::string render_explorer_html(const std::vector<Attention>& attentions,
                                 const ExplorerPageOptions& options) {
  static const std::vector<std::string> kViews = {"head", "model",  "heatmap",
                                                  "flow", "scores", "compare"};
  if (std::find(kViews.begin(), kViews.end(), options.view) == kViews.end())
    throw UsageError("unknown explorer view '" + options.view +
                     "'; choose head, model, heatmap, flow, scores or compare");
  nlohmann::json config = base_config("file");
  config["view"] = options.view;
  config["results"] = nlohmann::json::array();
  for (std::size_t i = 0; i < attentions.size(); ++i) {
    ResultContext context;
    context.text = i < options.texts.size() ? options.texts[i] : text_from_tokens(attentions[i]);
    config["results"].push_back(
        result_json(attentions[i], context, explorer_scores(attentions[i]),
                    options.compact ? MatrixStorage::compact : MatrixStorage::float32));
  }
  std::string html = page(config, options.title);
  inline_references(html, "<link rel=\"stylesheet\" href=\"", "\">", "<style>", "</style>");
  inline_references(html, "<script src=\"", "\"></script>", "<script>", "</script>");
  return html;
}

}  // namespace attnscope::web
