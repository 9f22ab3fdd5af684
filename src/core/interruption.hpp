#pragma once
// A way to stop a long computation from outside it (Python's Ctrl+C): the computation checks a
// process-wide flag between steps that each take a bounded time (one layer of a forward pass),
// so it stops within a step and unwinds like any error.
#include "core/error.hpp"

namespace attnscope {

struct Interrupted : Error {
  Interrupted() : Error("interrupted") {}
};

// Asks every running computation to stop at its next check; stays set until cleared.
void request_interrupt() noexcept;
void clear_interrupt() noexcept;
// Throws Interrupted once request_interrupt() was called (and not cleared since).
void throw_if_interrupted();

}  // namespace attnscope
