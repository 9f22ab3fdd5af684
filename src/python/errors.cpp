// C++ errors as the Python exceptions a user expects, each with the CLI's one-line message.
#include "core/error.hpp"
#include "core/interruption.hpp"
#include "hub/resolve.hpp"
#include "python/bindings.hpp"

namespace attnscope::python {

namespace py = pybind11;

void bind_errors(py::module_& m) {
  static py::exception<Error> error(m, "Error", PyExc_RuntimeError);
  static py::exception<hub::HubError> hub_error(m, "HubError", error.ptr());
  py::register_exception_translator([](std::exception_ptr thrown) {
    try {
      if (thrown) std::rethrow_exception(thrown);
    } catch (const Interrupted&) {
      PyErr_SetNone(PyExc_KeyboardInterrupt);
    } catch (const UsageError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const NotFoundError& e) {
      PyErr_SetString(PyExc_FileNotFoundError, e.what());
    } catch (const hub::HubError& e) {
      hub_error(e.what());
    } catch (const Error& e) {
      error(e.what());
    }
  });
}

}  // namespace attnscope::python
