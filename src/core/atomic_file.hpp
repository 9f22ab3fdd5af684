#pragma once
// Output files appear whole or not at all: content goes to a temporary sibling that is renamed on
// commit, and removed if the writer is destroyed without committing (an error was thrown) or the
// process is interrupted (Ctrl+C, SIGTERM) while it is being written.
#include <filesystem>
#include <fstream>
#include <string_view>

#include "core/interrupt_cleanup.hpp"

namespace attnscope {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return out_; }
  const std::filesystem::path& temp_path() const { return temp_; }
  // Flushes, checks for write errors (disk full) and renames onto the target.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  RemovedOnInterrupt removed_on_interrupt_;  // registered before the file exists
  std::ofstream out_;
  bool committed_ = false;
};

// Writes `bytes` to `target` atomically.
void write_file_atomic(const std::filesystem::path& target, std::string_view bytes);

}  // namespace attnscope
