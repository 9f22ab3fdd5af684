#include "analysis/corpus_stats.hpp"

#include <cmath>

#include "analysis/clark_metrics.hpp"
#include "analysis/score_heads.hpp"
#include "analysis/score_writers.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"

namespace attnscope::analysis {
namespace {

enum Metric {
  kSelf,
  kPrev,
  kNext,
  kCls,
  kSep,
  kPunct,
  kSepSep,
  kRestSep,
  kEntropy,
  kEntropyCls,
  kMetricCount
};
constexpr const char* kNames[kMetricCount] = {
    "self", "prev", "next", "cls", "sep", "punct", "sep_sep", "rest_sep", "entropy", "entropy_cls"};

bool exists_for(Metric metric, bool causal) {
  return !causal || (metric != kNext && metric != kSep && metric != kSepSep && metric != kRestSep);
}
// Averaged over the documents where their denominators are not zero.
bool over_sep_documents(Metric metric) { return metric == kSepSep || metric == kRestSep; }

// Where a metric goes in the label rules' inputs, if they test it.
std::optional<double> ClarkLabelInputs::*label_input(Metric metric) {
  switch (metric) {
    case kNext:
      return &ClarkLabelInputs::next;
    case kPrev:
      return &ClarkLabelInputs::previous;
    case kEntropy:
      return &ClarkLabelInputs::entropy;
    case kCls:
      return &ClarkLabelInputs::cls;
    case kSep:
      return &ClarkLabelInputs::sep;
    case kPunct:
      return &ClarkLabelInputs::punct;
    default:
      return nullptr;
  }
}

std::string state_name(Metric metric) { return std::string("stats.") + kNames[metric]; }

double scalar(const CorpusState& state, const char* name) { return state.get(name).values.at(0); }

// Row sums over a few key positions.
double row_sum(const float* row, const std::vector<int>& keys) {
  double sum = 0;
  for (int key : keys) sum += row[key];
  return sum;
}

}  // namespace

void CorpusStatsAccumulator::add_document(const Attention& attention) {
  check_attention_shape(attention);
  if (!started_) {
    started_ = true;
    causal_ = attention.causal();
    layers_ = attention.layers;
    heads_ = attention.heads;
    sums_.assign(kMetricCount, std::vector<double>(static_cast<std::size_t>(layers_) * heads_));
  } else if (attention.causal() != causal_ || attention.layers != layers_ ||
             attention.heads != heads_) {
    throw Error("corpus statistics: a document from a model with " +
                std::to_string(attention.layers) + " layers and " +
                std::to_string(attention.heads) + " heads after ones with " +
                std::to_string(layers_) + " and " + std::to_string(heads_) +
                " (or another architecture); one run reads one model");
  }
  const int n = attention.n();
  const std::vector<int> cls =
      causal_ ? std::vector<int>{0} : positions_of(attention.tokens, {"[CLS]"});
  const std::vector<int> sep =
      causal_ ? std::vector<int>{} : positions_of(attention.tokens, {"[SEP]"});
  const std::vector<int> punct = positions_of(attention.tokens, {".", ","});
  std::vector<char> is_sep(n, 0);
  for (int key : sep) is_sep[key] = 1;
  const int sep_count = static_cast<int>(sep.size());
  const bool has_sep_metrics = sep_count > 0 && sep_count < n;

  parallel_for(static_cast<std::size_t>(layers_) * heads_, [&](std::size_t begin, std::size_t end) {
    for (std::size_t h = begin; h < end; ++h) {
      const HeadMatrix a{attention.probs.data() + h * n * n, n};
      double value[kMetricCount] = {};
      for (int i = 0; i < n; ++i) {
        const float* row = a.row(i);
        value[kSelf] += row[i];
        if (i > 0) value[kPrev] += row[i - 1];
        if (i + 1 < n) value[kNext] += row[i + 1];
        value[kCls] += row_sum(row, cls);
        const double to_sep = row_sum(row, sep);
        value[kSep] += to_sep;
        value[is_sep[i] ? kSepSep : kRestSep] += to_sep;
        value[kPunct] += row_sum(row, punct);
        const double entropy = smoothed_row_entropy(row, n);
        value[kEntropy] += entropy;
        if (i == 0) value[kEntropyCls] = entropy;
      }
      for (Metric m : {kSelf, kPrev, kNext, kCls, kSep, kPunct, kEntropy}) value[m] /= n;
      value[kSepSep] = has_sep_metrics ? value[kSepSep] / sep_count : 0;
      value[kRestSep] = has_sep_metrics ? value[kRestSep] / (n - sep_count) : 0;
      for (int m = 0; m < kMetricCount; ++m) sums_[m][h] += value[m];
    }
  });
  docs_ += 1;
  tokens_ += n;
  ln_n_ += std::log(static_cast<double>(n));
  if (has_sep_metrics) sep_docs_ += 1;
}

void CorpusStatsAccumulator::save(CorpusState& state) const {
  if (!started_) return;
  state.add("stats.docs", {1}, {docs_});
  state.add("stats.tokens", {1}, {tokens_});
  state.add("stats.ln_n", {1}, {ln_n_});
  if (!causal_) state.add("stats.sep_docs", {1}, {sep_docs_});
  for (int m = 0; m < kMetricCount; ++m)
    if (exists_for(Metric(m), causal_))
      state.add(state_name(Metric(m)), {layers_, heads_}, sums_[m]);
}

CorpusStats corpus_stats(const CorpusState& state, const std::string& model) {
  if (!state.has("stats.docs") || scalar(state, "stats.docs") == 0)
    throw Error("the corpus state holds no documents for corpus statistics");
  CorpusStats stats;
  stats.model = model;
  const auto& shape = state.get(state_name(kSelf)).shape;
  stats.layers = static_cast<int>(shape.at(0));
  stats.heads = static_cast<int>(shape.at(1));
  stats.docs = scalar(state, "stats.docs");
  stats.tokens = scalar(state, "stats.tokens");
  stats.baseline_entropy = scalar(state, "stats.ln_n") / stats.docs;
  const double sep_docs = state.has("stats.sep_docs") ? scalar(state, "stats.sep_docs") : 0;

  const std::size_t head_count = static_cast<std::size_t>(stats.layers) * stats.heads;
  std::vector<ClarkLabelInputs> inputs(head_count);
  for (int m = 0; m < kMetricCount; ++m) {
    const Metric metric = Metric(m);
    if (!state.has(state_name(metric))) continue;
    const double docs = over_sep_documents(metric) ? sep_docs : stats.docs;
    if (docs == 0) continue;  // no document had a [SEP] to measure against
    std::vector<double> means = state.get(state_name(metric)).values;
    for (std::size_t h = 0; h < head_count; ++h) {
      means.at(h) /= docs;
      if (const auto input = label_input(metric)) inputs[h].*input = means[h];
    }
    stats.metrics.emplace_back(kNames[m], std::move(means));
  }
  for (const ClarkLabelInputs& head : inputs) stats.labels.push_back(clark_label(head));
  return stats;
}

nlohmann::json stats_json(const CorpusStats& stats) {
  nlohmann::json metrics = nlohmann::json::object();
  for (const auto& [name, values] : stats.metrics)
    metrics[name] = layer_head_grid(values, stats.heads);
  return {{"model", stats.model},
          {"docs", static_cast<int64_t>(stats.docs)},
          {"tokens", static_cast<int64_t>(stats.tokens)},
          {"metrics", std::move(metrics)},
          {"baseline_entropy", stats.baseline_entropy},
          {"labels", layer_head_grid(stats.labels, stats.heads)}};
}

}  // namespace attnscope::analysis
