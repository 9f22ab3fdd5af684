#include "core/interruption.hpp"

#include <atomic>

namespace attnscope {

namespace {
std::atomic<bool> g_interrupt_requested{false};
}

void request_interrupt() noexcept { g_interrupt_requested.store(true, std::memory_order_relaxed); }

void clear_interrupt() noexcept { g_interrupt_requested.store(false, std::memory_order_relaxed); }

void throw_if_interrupted() {
  if (g_interrupt_requested.load(std::memory_order_relaxed)) throw Interrupted();
}

}  // namespace attnscope
