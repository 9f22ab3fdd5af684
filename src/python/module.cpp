// _attnscope: the C++ library under the attnscope Python package (python/attnscope/), which
// gives it its documented, Hugging Face-shaped API.
#include "python/bindings.hpp"

PYBIND11_MODULE(_attnscope, m) {
  m.doc() = "attnscope's C++ core; use the attnscope package, not this module";
  attnscope::python::bind_errors(m);
  attnscope::python::bind_model(m);
  attnscope::python::bind_figures(m);
  attnscope::python::bind_views(m);
  attnscope::python::bind_analyses(m);
}
