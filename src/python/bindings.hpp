#pragma once
// The parts of the _attnscope extension module, each binding one stage's API.
#include <pybind11/pybind11.h>

namespace attnscope::python {

void bind_errors(pybind11::module_& m);
void bind_model(pybind11::module_& m);
void bind_figures(pybind11::module_& m);
void bind_views(pybind11::module_& m);
void bind_analyses(pybind11::module_& m);

}  // namespace attnscope::python
