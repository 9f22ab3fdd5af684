#pragma once
// Temporary files that must not outlive a process ended by Ctrl+C (SIGINT), SIGTERM or SIGHUP.
// While at least one is registered, a handler for those signals is installed; it removes every
// registered file and then lets the signal end the process as it would have. A handler that was
// there before (serve's self-pipe) is called instead, and the files left to it: it may not end
// the process. The earlier disposition is back once the last file is unregistered, and a signal
// that was ignored (nohup) stays ignored.
#include <filesystem>

namespace attnscope {

class RemovedOnInterrupt {
 public:
  // Registers `path` (a file about to be created). Up to 32 files at once are covered; paths past
  // that, or longer than 4 KB, are simply not removed by a signal.
  explicit RemovedOnInterrupt(const std::filesystem::path& path);
  ~RemovedOnInterrupt();
  RemovedOnInterrupt(const RemovedOnInterrupt&) = delete;
  RemovedOnInterrupt& operator=(const RemovedOnInterrupt&) = delete;

 private:
  int slot_ = -1;
};

// Removes every registered file now. Async-signal-safe: for a handler of one's own that is about
// to end the process (std::_Exit) on a signal.
void remove_registered_files() noexcept;

}  // namespace attnscope
