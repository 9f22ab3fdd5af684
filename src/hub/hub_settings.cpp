#include "hub/hub_settings.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace attnscope::hub {

namespace {

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string trimmed(std::string text) {
  auto space = [](unsigned char c) { return std::isspace(c) != 0; };
  text.erase(text.begin(), std::find_if_not(text.begin(), text.end(), space));
  text.erase(std::find_if_not(text.rbegin(), text.rend(), space).base(), text.end());
  return text;
}

// huggingface_hub's _is_true: "1", "ON", "YES", "TRUE" in any case.
bool truthy(std::string value) {
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  return value == "1" || value == "ON" || value == "YES" || value == "TRUE";
}

std::filesystem::path hf_home() {
  if (auto home = environment("HF_HOME"); !home.empty()) return home;
  if (auto xdg = environment("XDG_CACHE_HOME"); !xdg.empty())
    return std::filesystem::path(xdg) / "huggingface";
  return std::filesystem::path(environment("HOME")) / ".cache" / "huggingface";
}

std::string read_token_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return "";
  std::stringstream content;
  content << in.rdbuf();
  return trimmed(content.str());
}

}  // namespace

HubSettings hub_settings_from_environment() {
  HubSettings settings;
  auto home = hf_home();
  if (auto cache = environment("HF_HUB_CACHE"); !cache.empty())
    settings.cache_dir = cache;
  else if (auto legacy = environment("HUGGINGFACE_HUB_CACHE"); !legacy.empty())
    settings.cache_dir = legacy;
  else
    settings.cache_dir = home / "hub";

  settings.endpoint = environment("HF_ENDPOINT");
  if (settings.endpoint.empty()) settings.endpoint = "https://huggingface.co";
  while (settings.endpoint.ends_with('/')) settings.endpoint.pop_back();

  settings.token = trimmed(environment("HF_TOKEN"));
  if (settings.token.empty()) settings.token = trimmed(environment("HUGGING_FACE_HUB_TOKEN"));
  if (settings.token.empty()) {
    auto token_path = environment("HF_TOKEN_PATH");
    settings.token =
        read_token_file(token_path.empty() ? home / "token" : std::filesystem::path(token_path));
  }
  settings.offline = truthy(environment("HF_HUB_OFFLINE"));
  return settings;
}

}  // namespace attnscope::hub
