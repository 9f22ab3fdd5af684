#include "core/interrupt_cleanup.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>

namespace attnscope {

namespace {

// The signal handler may run on any thread at any moment, so what it reads is fixed storage
// with lock-free flags: no allocation, no lock.
constexpr int kSlots = 32;
constexpr std::size_t kMaxPath = 4096;
enum SlotState : int { kFree, kFilling, kLive };
struct Slot {
  std::atomic<int> state{kFree};
  char path[kMaxPath];
};
static_assert(std::atomic<int>::is_always_lock_free);
Slot slots[kSlots];

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
constexpr int kSignalCount = sizeof kSignals / sizeof kSignals[0];
struct sigaction previous[kSignalCount];  // written before the handler goes in, then only read
bool installed[kSignalCount];
std::mutex install_mutex;  // guards `registered`, `installed` and the installing itself
int registered = 0;

extern "C" void on_interrupt(int signal_number, siginfo_t* info, void* context) {
  const int saved_errno = errno;
  int i = 0;
  while (i < kSignalCount - 1 && kSignals[i] != signal_number) ++i;
  const struct sigaction& before = previous[i];
  if (before.sa_handler != SIG_DFL) {  // a handler of the program's own decides what happens
    if (before.sa_flags & SA_SIGINFO)
      before.sa_sigaction(signal_number, info, context);
    else
      before.sa_handler(signal_number);
  } else {
    remove_registered_files();
    // The signal is blocked while this runs: raised again with its default action, it ends the
    // process (with the status a shell expects) as soon as the handler returns.
    ::signal(signal_number, SIG_DFL);
    ::raise(signal_number);
  }
  errno = saved_errno;
}

bool is_ours(const struct sigaction& action) {
  return (action.sa_flags & SA_SIGINFO) && action.sa_sigaction == on_interrupt;
}

void install() {
  struct sigaction mine {};
  mine.sa_sigaction = on_interrupt;
  mine.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&mine.sa_mask);
  for (int signal_number : kSignals) sigaddset(&mine.sa_mask, signal_number);
  for (int i = 0; i < kSignalCount; ++i) {
    struct sigaction current {};
    ::sigaction(kSignals[i], nullptr, &current);
    // An ignored signal (nohup) ends nothing and stays ignored.
    installed[i] = (current.sa_flags & SA_SIGINFO) || current.sa_handler != SIG_IGN;
    if (!installed[i]) continue;
    previous[i] = current;
    ::sigaction(kSignals[i], &mine, nullptr);
  }
}

void uninstall() {
  for (int i = 0; i < kSignalCount; ++i) {
    struct sigaction current {};
    ::sigaction(kSignals[i], nullptr, &current);
    // Someone who installed a handler since then keeps it.
    if (installed[i] && is_ours(current)) ::sigaction(kSignals[i], &previous[i], nullptr);
    installed[i] = false;
  }
}

}  // namespace

RemovedOnInterrupt::RemovedOnInterrupt(const std::filesystem::path& path) {
  const std::string& text = path.native();
  if (text.size() >= kMaxPath) return;
  for (int i = 0; i < kSlots && slot_ < 0; ++i) {
    int expected = kFree;
    if (!slots[i].state.compare_exchange_strong(expected, kFilling)) continue;
    std::memcpy(slots[i].path, text.c_str(), text.size() + 1);
    slots[i].state.store(kLive, std::memory_order_release);
    slot_ = i;
  }
  if (slot_ < 0) return;
  std::lock_guard lock(install_mutex);
  if (registered++ == 0) install();
}

RemovedOnInterrupt::~RemovedOnInterrupt() {
  if (slot_ < 0) return;
  slots[slot_].state.store(kFree, std::memory_order_release);
  std::lock_guard lock(install_mutex);
  if (--registered == 0) uninstall();
}

void remove_registered_files() noexcept {
  for (Slot& slot : slots)
    if (slot.state.load(std::memory_order_acquire) == kLive) ::unlink(slot.path);
}

}  // namespace attnscope
