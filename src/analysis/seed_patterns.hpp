#pragma once
// The notebook's analyze_attention_patterns: locality, entropy and first-token attention of every
// head, with its thresholds as defaults.
#include "analysis/head_matrix.hpp"
#include "analysis/head_scores.hpp"
#include "attention/attention.hpp"

namespace attnscope::analysis {

// Σ_i Σ_{|i−j| ≤ 2} A[i,j] / n: the share of attention within two tokens.
double locality(HeadMatrix a);
// Mean over rows of the notebook's row entropy (nats).
double mean_entropy(HeadMatrix a);
// mean_entropy / ln n: 1 is uniform attention. The notebook's fixed 2.0-nat threshold cannot be
// reached when ln n < 2 (n ≤ 7); this can. Defined as 0 for n = 1.
double normalized_entropy(HeadMatrix a);
// mean_i A[i, 0]: attention to the first token ([CLS] for BERT).
double first_token(HeadMatrix a);

struct PatternThresholds {
  double local = 0.7;    // locality above: a local head
  double global = 2.0;   // entropy (nats) above: a broad head
  double special = 0.3;  // first-token attention above: a special-token head
};

// Metrics "locality", "entropy", "entropy_normalized", "first_token" for every head.
HeadScores seed_patterns(const Attention& attention);

}  // namespace attnscope::analysis
