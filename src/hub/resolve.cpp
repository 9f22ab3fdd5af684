#include "hub/resolve.hpp"

#include "core/error.hpp"

namespace attnscope::hub {

std::filesystem::path resolve_model(const std::string& spec, const ResolveOptions&) {
  std::filesystem::path path(spec);
  if (std::filesystem::is_directory(path)) return path;
  throw Error("model '" + spec + "' is not a folder; pass the folder that holds config.json");
}

std::string model_display_name(const std::string& spec) {
  std::filesystem::path path(spec);
  if (std::filesystem::is_directory(path)) {
    auto normal = std::filesystem::weakly_canonical(path);
    return normal.filename().string();
  }
  return spec;
}

}  // namespace attnscope::hub
