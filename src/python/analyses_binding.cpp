// attnscope.analysis: the CLI's per-head scores of a result ([layers, heads] arrays named as in
// its JSON "metrics"), averaged over the result's texts as the CLI averages its --text values.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <functional>

#include "analysis/clark_metrics.hpp"
#include "analysis/corpus_stats.hpp"
#include "analysis/dependency_probe.hpp"
#include "analysis/head_detector.hpp"
#include "analysis/head_distance.hpp"
#include "analysis/repeat_random.hpp"
#include "analysis/rollout.hpp"
#include "analysis/seed_patterns.hpp"
#include "analysis/seed_specialization.hpp"
#include "core/error.hpp"
#include "pipeline/corpus_run.hpp"
#include "python/bindings.hpp"
#include "python/interruptible.hpp"
#include "python/result.hpp"
#include "render/layer_head.hpp"

namespace attnscope::python {

namespace py = pybind11;

namespace {

py::dict scores_dict(const analysis::HeadScores& scores) {
  py::dict out;
  for (const auto& metric : scores.metrics()) {
    py::array_t<double> values({scores.layers(), scores.heads()});
    std::copy(metric.values.begin(), metric.values.end(), values.mutable_data());
    out[py::str(metric.name)] = values;
  }
  return out;
}

py::dict averaged(const Result& r,
                  const std::function<analysis::HeadScores(const Attention&)>& score) {
  analysis::ScoreAverage average;
  for (int i = 0; i < r.size(); ++i) average.add(score(r.record(i)));
  return scores_dict(average.mean());
}

analysis::DetectorPattern detector_pattern(const std::string& name) {
  for (auto p : {analysis::DetectorPattern::PreviousToken,
                 analysis::DetectorPattern::DuplicateToken, analysis::DetectorPattern::Induction})
    if (analysis::metric_name(p) == name) return p;
  throw UsageError("unknown head pattern '" + name +
                   "'; choose previous_token, duplicate_token or induction");
}

analysis::HeadFusion fusion(const std::string& name) {
  if (name == "mean") return analysis::HeadFusion::Mean;
  if (name == "max") return analysis::HeadFusion::Max;
  if (name == "min") return analysis::HeadFusion::Min;
  throw UsageError("unknown fusion '" + name + "'; choose mean, max or min");
}

}  // namespace

void bind_analyses(py::module_& m) {
  m.def("patterns", [](const Result& r) { return averaged(r, analysis::seed_patterns); });
  m.def("specialize", [](const Result& r) {
    return averaged(r, [](const Attention& a) {
      auto scores = analysis::seed_specialization(a);
      scores.append(analysis::clark_metrics(a));
      return scores;
    });
  });
  m.def(
      "detect",
      [](const Result& r, const std::vector<std::string>& names, const std::string& measure,
         bool exclude_first_token, bool exclude_self, int repeat_length) {
        if (measure == "stripe")
          return averaged(r, [&](const Attention& a) {
            return analysis::repeat_random_scores(a, repeat_length,
                                                  analysis::repeated_block_start(a, repeat_length));
          });
        if (measure != "mul" && measure != "abs")
          throw UsageError("unknown measure '" + measure + "'; choose mul, abs or stripe");
        std::vector<analysis::DetectorPattern> patterns;
        for (const auto& name : names) patterns.push_back(detector_pattern(name));
        const analysis::DetectorOptions options{
            measure == "abs" ? analysis::ErrorMeasure::Abs : analysis::ErrorMeasure::Mul,
            exclude_first_token, exclude_self};
        return averaged(
            r, [&](const Attention& a) { return analysis::detect_heads(a, patterns, options); });
      },
      py::arg("result"), py::arg("patterns"), py::arg("measure"), py::arg("exclude_first_token"),
      py::arg("exclude_self"), py::arg("repeat_length"));
  m.def(
      "corpus",
      [](const Pretrained& model, const std::string& path, const std::vector<std::string>& texts,
         bool conllu, int batch_size, std::size_t max_docs, const std::string& from_word, bool bos,
         bool truncate, double min_count) {
        if (from_word != "mean" && from_word != "first")
          throw UsageError("from_word takes mean or first, got \"" + from_word + "\"");
        if (batch_size < 1) throw UsageError("batch_size must be at least 1");
        CorpusOptions options;
        options.corpus = texts.empty() ? std::filesystem::path(path) : "(texts)";
        options.texts = texts;
        options.conllu = conllu;
        options.batch_size = batch_size;
        options.sharding.max_documents = max_docs;
        options.capture.bos = bos;
        options.capture.truncate = truncate;
        options.from_word =
            from_word == "first" ? analysis::FromWord::First : analysis::FromWord::Mean;
        return run_interruptible([&] {
          const auto run = run_corpus(model, options);
          nlohmann::json out;
          out["stats"] = analysis::stats_json(analysis::corpus_stats(run.state, model.name));
          out["distance"] = analysis::distance_json(analysis::head_distance(run.state));
          if (run.state.has("probe.sentences"))
            out["probe"] =
                analysis::probe_json(analysis::probe_result(run.state, model.name, min_count));
          return out.dump();
        });
      },
      py::arg("model"), py::arg("path"), py::arg("texts"), py::arg("conllu"), py::arg("batch_size"),
      py::arg("max_docs"), py::arg("from_word"), py::arg("bos"), py::arg("truncate"),
      py::arg("min_count"));
  m.def(
      "rollout",
      [](const Result& r, const std::string& fusion_name, double residual, int index) {
        if (residual < 0 || residual > 1)
          throw UsageError("residual must lie in 0..1 (the identity's share); got " +
                           std::to_string(residual));
        const Attention a = r.record(index);
        const auto rollout = analysis::attention_rollout(a, {fusion(fusion_name), residual});
        py::array_t<double> values({rollout.layers, rollout.n, rollout.n});
        std::copy(rollout.values.begin(), rollout.values.end(), values.mutable_data());
        return values;
      },
      py::arg("result"), py::arg("fusion"), py::arg("residual"), py::arg("index"));
}

}  // namespace attnscope::python
