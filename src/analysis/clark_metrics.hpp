#pragma once
// Per-head statistics of Clark et al. 2019 ("What Does BERT Look At?"): where each head puts its
// attention (itself, the next/previous token, [CLS], [SEP], ". ,") and how broadly (entropy).
#include <optional>
#include <string>
#include <vector>

#include "analysis/head_matrix.hpp"
#include "analysis/head_scores.hpp"
#include "attention/attention.hpp"

namespace attnscope::analysis {

// Entropy (nats) of one attention row over n keys, after smoothing A' = 0.9999·A + 1e-4/n so
// that ln is finite.
double smoothed_row_entropy(const float* row, int n);
// smoothed_row_entropy averaged over the rows.
double smoothed_entropy(HeadMatrix a);

// Positions whose vocabulary form equals one of `pieces`.
std::vector<int> positions_of(const std::vector<Token>& tokens,
                              const std::vector<std::string>& pieces);

// Metrics, each Σ A⊙M / n for its mask M: "self" (j = i), "next_token" (j = i+1),
// "previous_token" (j = i−1), "cls", "sep", "last_token" (j = n−1), "clark_punct" (". ,"),
// and "entropy_smoothed". A causal model (GPT-2) cannot attend to the next token and has no
// [SEP]: those two are absent, and "cls" is the attention to its first token, as in the corpus
// statistics.
HeadScores clark_metrics(const Attention& attention);

// One head's values of the metrics Clark et al.'s labels test; a metric the architecture lacks
// (GPT-2 has no next token to attend to, no [SEP]) is absent and its rule never applies.
struct ClarkLabelInputs {
  std::optional<double> next, previous, entropy, cls, sep, punct;
};

// Clark et al.'s head labels, tested in order with later ones winning: "next" (next > 0.5),
// "previous" (> 0.5), "broad" (entropy > 3.8), "[CLS]", "[SEP]", "punct" (> 0.6). Empty when
// none applies.
std::string clark_label(const ClarkLabelInputs& head);
// The label from the metrics of clark_metrics.
std::string clark_label(const HeadScores& scores, int layer, int head);

}  // namespace attnscope::analysis
