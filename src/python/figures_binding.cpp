// attnscope.figures: the CLI's drawings of one text of a result, rendered to bytes on demand.
#include <pybind11/stl.h>

#include <cmath>

#include "core/error.hpp"
#include "python/bindings.hpp"
#include "python/result.hpp"
#include "render/colormap.hpp"
#include "render/compare_figure.hpp"
#include "render/figure_file.hpp"
#include "render/flow_figure.hpp"
#include "render/head_figure.hpp"
#include "render/layer_figure.hpp"
#include "render/layer_head.hpp"
#include "render/summary_figure.hpp"

namespace attnscope::python {

namespace py = pybind11;

namespace {

render::FigureOptions figure_options(bool hide_special) {
  render::FigureOptions options;
  options.hide_special = hide_special;
  return options;
}

// head and layer's vmax (None, "auto" or a number above 0), cmap, log, size and font_size,
// checked as the CLI checks them.
render::FigureOptions heatmap_options(bool hide_special, const py::object& vmax,
                                      const std::string& cmap, bool log,
                                      std::optional<std::pair<double, double>> size,
                                      std::optional<double> font_size) {
  render::FigureOptions options = figure_options(hide_special);
  if (!cmap.empty()) render::Colormap::named(cmap);  // an unknown name says the valid ones
  options.scale.cmap = cmap;
  options.scale.log = log;
  if (py::isinstance<py::str>(vmax)) {
    if (vmax.cast<std::string>() != "auto")
      throw UsageError("vmax must be a number above 0, \"auto\" or None");
    options.scale.vmax_auto = true;
  } else if (!vmax.is_none()) {
    const double top = vmax.cast<double>();
    if (!(top > 0) || !std::isfinite(top))
      throw UsageError("vmax must be a number above 0, \"auto\" or None");
    options.scale.vmax = top;
  }
  if (size && !(size->first > 0 && size->second > 0 && size->first <= 200 && size->second <= 200))
    throw UsageError("size must be (width, height) in inches, each above 0 and at most 200");
  if (font_size && !(*font_size >= 2 && *font_size <= 72))
    throw UsageError("font_size must lie in 2..72 points");
  options.size_inches = size;
  options.font_size = font_size;
  return options;
}

// The query position a flow follows: a token's text, a position (negative from the end), or
// the default one; and the warning that goes with it, if any.
std::pair<int, std::string> flow_query(const Result& r, const Attention& a,
                                       const py::object& token) {
  auto named = [&](const std::string& word) {
    return render::find_token(a, word, r.model->tokenizer->single_pieces(word));
  };
  int query = token.is_none() ? render::default_flow_query(a)
              : py::isinstance<py::str>(token)
                  ? named(token.cast<std::string>())
                  : render::resolve_index(token.cast<int>(), a.n(), "token position");
  return {query, render::trivial_flow_warning(a, query)};
}

}  // namespace

void bind_figures(py::module_& m) {
  py::class_<render::Scene>(m, "_Scene")
      .def_property_readonly("width", &render::Scene::width)
      .def_property_readonly("height", &render::Scene::height)
      .def(
          "render",
          [](const render::Scene& scene, const std::string& format, double dpi) {
            return py::bytes(render::render_bytes(scene, render::parse_format(format), dpi));
          },
          py::arg("format"), py::arg("dpi"))
      .def(
          "save",
          [](const render::Scene& scene, const std::string& path, double dpi) {
            render::save_figure(scene, path, render::format_for(path), dpi);
          },
          py::arg("path"), py::arg("dpi"));

  m.def(
      "head_figure",
      [](const Result& r, int layer, int head, int index, bool hide_special, const py::object& vmax,
         const std::string& cmap, bool log, std::optional<std::pair<double, double>> size,
         std::optional<double> font_size) {
        return render::head_figure(r.record(index), layer, head,
                                   heatmap_options(hide_special, vmax, cmap, log, size, font_size));
      },
      py::arg("result"), py::arg("layer"), py::arg("head"), py::arg("index"),
      py::arg("hide_special"), py::arg("vmax"), py::arg("cmap"), py::arg("log"), py::arg("size"),
      py::arg("font_size"));
  m.def(
      "layer_figure",
      [](const Result& r, int layer, int index, bool hide_special, const py::object& vmax,
         const std::string& cmap, bool log, std::optional<std::pair<double, double>> size,
         std::optional<double> font_size) {
        return render::layer_figure(
            r.record(index), layer,
            heatmap_options(hide_special, vmax, cmap, log, size, font_size));
      },
      py::arg("result"), py::arg("layer"), py::arg("index"), py::arg("hide_special"),
      py::arg("vmax"), py::arg("cmap"), py::arg("log"), py::arg("size"), py::arg("font_size"));
  m.def(
      "flow_figure",
      [](const Result& r, const py::object& token, int index, bool hide_special) {
        const Attention a = r.record(index);
        auto [query, warning] = flow_query(r, a, token);
        return py::make_tuple(render::flow_figure(a, query, figure_options(hide_special)), warning);
      },
      py::arg("result"), py::arg("token"), py::arg("index"), py::arg("hide_special"));
  m.def(
      "compare_figure",
      [](const Result& a, const Result& b, int layer, int head, int index, bool hide_special) {
        const Attention left = a.record(index), right = b.record(index);
        return py::make_tuple(
            render::compare_figure(left, right, layer, head, figure_options(hide_special)),
            render::compare_explanation(left, right));
      },
      py::arg("result_a"), py::arg("result_b"), py::arg("layer"), py::arg("head"), py::arg("index"),
      py::arg("hide_special"));
  m.def(
      "summary_figure",
      [](const Result& r, int index, bool seed_exact) {
        const Attention a = r.record(index);
        render::SummaryOptions options;
        options.seed_exact = seed_exact;
        return py::make_tuple(render::summary_figure(a, options), render::summary_text(a));
      },
      py::arg("result"), py::arg("index"), py::arg("seed_exact"));
}

}  // namespace attnscope::python
