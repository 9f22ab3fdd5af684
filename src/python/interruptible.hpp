#pragma once
// Runs C++ work from Python so that Ctrl+C stops it: the work runs on a thread of its own with
// the GIL released while the calling (main) thread checks Python's signals every 50 ms. On
// KeyboardInterrupt the work is asked to stop (core/interruption) and unwinds within one layer.
#include <pybind11/pybind11.h>

#include <chrono>
#include <future>
#include <utility>

#include "core/interruption.hpp"

namespace attnscope::python {

template <typename Work>
auto run_interruptible(Work&& work) -> decltype(work()) {
  namespace py = pybind11;
  auto future = std::async(std::launch::async, std::forward<Work>(work));
  for (;;) {
    std::future_status status;
    {
      py::gil_scoped_release release;
      status = future.wait_for(std::chrono::milliseconds(50));
    }
    if (status == std::future_status::ready) return future.get();
    if (PyErr_CheckSignals() != 0) {
      request_interrupt();
      {
        py::gil_scoped_release release;
        future.wait();
      }
      clear_interrupt();
      throw py::error_already_set();
    }
  }
}

}  // namespace attnscope::python
