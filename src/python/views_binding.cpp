// attnscope.head_view / model_view / explorer: the self-contained explorer page of results.
#include <pybind11/stl.h>

#include "python/bindings.hpp"
#include "python/result.hpp"
#include "web/explorer_page.hpp"

namespace attnscope::python {

namespace py = pybind11;

void bind_views(py::module_& m) {
  m.def(
      "explorer_html",
      [](const std::vector<std::shared_ptr<Result>>& results, const std::string& view,
         const std::string& title) {
        std::vector<Attention> attentions;
        web::ExplorerPageOptions page;
        page.view = view;
        page.title = title;
        for (const auto& result : results)
          for (int i = 0; i < result->size(); ++i) {
            attentions.push_back(result->record(i));
            page.texts.push_back(result->texts[i]);
          }
        return web::render_explorer_html(attentions, page);
      },
      py::arg("results"), py::arg("view"), py::arg("title"));
}

}  // namespace attnscope::python
