#pragma once
// A private folder for targets whose loader reads files by name from a model folder
// (config.json, tokenizer.json): each input is written there before the loader runs. It lives in
// /dev/shm where there is one, so the write costs no disk I/O, and goes when the process ends.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

namespace attnscope::fuzz {

class ScratchFolder {
 public:
  ScratchFolder() {
    const std::filesystem::path shm = "/dev/shm";
    std::error_code error;
    const auto parent =
        std::filesystem::is_directory(shm, error) ? shm : std::filesystem::temp_directory_path();
    std::string pattern = (parent / "attnscope-fuzz-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ~ScratchFolder() {
    std::error_code error;
    std::filesystem::remove_all(path_, error);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Replaces the file `name` with the bytes; returns its path.
  std::filesystem::path write(const std::string& name, const uint8_t* data,
                              std::size_t size) const {
    const auto file = path_ / name;
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) std::abort();
    return file;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace attnscope::fuzz
