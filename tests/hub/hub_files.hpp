#pragma once
// Small file helpers the hub tests share.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace attnscope::test {

inline std::string file_contents(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace attnscope::test
