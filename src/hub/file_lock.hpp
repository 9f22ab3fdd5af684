#pragma once
// An exclusive flock(2) on a lock file, held for the object's lifetime. huggingface_hub's
// filelock takes the same kind of lock on the same path, so Python and attnscope never write
// the same blob at once either.
#include <filesystem>

namespace attnscope::hub {

class FileLock {
 public:
  explicit FileLock(const std::filesystem::path& path);  // blocks until the lock is free
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace attnscope::hub
