#pragma once
// Clark et al.'s statistics of every head over a corpus (stats.json). Per document and head, in
// one pass over its matrix: Σ A⊙M / denominator for self (j = i), prev (j = i−1), next (j = i+1),
// cls, sep and punct (keys "." ","), each over n; sep_sep (from [SEP] to [SEP]) over the [SEP]
// count and rest_sep (from every other token to [SEP]) over n minus it, which generalise Clark's
// denominators 2 and n − 2 (written for inputs with two [SEP]s) to any count; entropy (smoothed,
// mean over rows) and entropy_cls (of the first row). Each statistic is the mean over documents
// of these values. Causal models (GPT-2) have no next token to attend to and no [SEP]: next,
// sep, sep_sep and rest_sep are absent, and cls is the first token.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/corpus_results.hpp"
#include "analysis/corpus_state.hpp"
#include "attention/attention.hpp"

namespace attnscope::analysis {

class CorpusStatsAccumulator {
 public:
  // Adds one document. All documents must have the first one's layers, heads and architecture.
  void add_document(const Attention& attention);
  // Adds the sums of the documents seen into `state` (once: saving twice counts them twice).
  void save(CorpusState& state) const;

 private:
  bool started_ = false;
  bool causal_ = false;
  int layers_ = 0, heads_ = 0;
  double docs_ = 0, tokens_ = 0, ln_n_ = 0;
  double sep_docs_ = 0;                    // documents with a [SEP] and a token that is not one
  std::vector<std::vector<double>> sums_;  // per metric (corpus_stats order), [layer][head]
};

// The means, baseline entropy (mean ln n) and labels of a run's (or merged shards') state.
// Throws Error when the state holds no documents.
CorpusStats corpus_stats(const CorpusState& state, const std::string& model);

// {"model", "docs", "tokens", "metrics": {name: [[value per head] per layer]},
//  "baseline_entropy", "labels": [[label per head] per layer]}
nlohmann::json stats_json(const CorpusStats& stats);

}  // namespace attnscope::analysis
