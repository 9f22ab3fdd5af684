#include "hub/repo_id.hpp"

#include <algorithm>
#include <cctype>

namespace attnscope::hub {

namespace {
bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

bool is_control(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }

bool is_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), is_name_char) &&
         !name.starts_with('-') && !name.starts_with('.') && !name.ends_with('-') &&
         !name.ends_with('.');
}
}  // namespace

bool is_repo_id(std::string_view spec) {
  if (spec.empty() || spec.size() > 96) return false;
  if (spec.find("--") != std::string_view::npos || spec.find("..") != std::string_view::npos)
    return false;
  auto slash = spec.find('/');
  if (slash == std::string_view::npos) return is_name(spec);
  return is_name(spec.substr(0, slash)) && is_name(spec.substr(slash + 1));
}

std::string repo_folder_name(std::string_view repo_id) {
  std::string folder = "models--";
  for (char c : repo_id) {
    if (c == '/')
      folder += "--";
    else
      folder += c;
  }
  return folder;
}

bool is_commit_hash(std::string_view revision) {
  return revision.size() == 40 && std::all_of(revision.begin(), revision.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
         });
}

bool is_revision(std::string_view revision) {
  if (revision.empty() || revision == "@" || revision.starts_with('/') || revision.ends_with('.'))
    return false;
  for (std::string_view banned : {"..", "@{", "//"})
    if (revision.find(banned) != std::string_view::npos) return false;
  if (std::any_of(revision.begin(), revision.end(), [](char c) {
        return is_control(c) || std::string_view(" ~^:?*[\\").find(c) != std::string_view::npos;
      }))
    return false;
  // Component by component (not std::views::split: clang 14, which builds the fuzzers, cannot
  // compile libstdc++ 12's <ranges>).
  for (std::size_t start = 0; start <= revision.size();) {
    const std::size_t end = std::min(revision.find('/', start), revision.size());
    const std::string_view component = revision.substr(start, end - start);
    if (component.empty() || component.starts_with('.') || component.ends_with(".lock"))
      return false;
    start = end + 1;
  }
  return true;
}

}  // namespace attnscope::hub
