#pragma once
// A read-only memory mapping of a whole file: weights are used in place, never copied.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

namespace attnscope::io {

class MappedFile {
 public:
  // Throws Error (one line, naming the file) when it cannot be opened or mapped.
  static std::shared_ptr<const MappedFile> open(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::span<const std::byte> bytes() const { return {data_, size_}; }
  const std::filesystem::path& path() const { return path_; }

 private:
  MappedFile() = default;
  std::filesystem::path path_;
  const std::byte* data_ = nullptr;
  std::size_t size_ = 0;
};

// Drops the whole pages inside `bytes`, part of a read-only file mapping, from the process's
// memory (a copy has replaced them); reading them again pages them back in from the file.
void release_mapped_pages(std::span<const std::byte> bytes);

}  // namespace attnscope::io
