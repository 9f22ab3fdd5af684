#pragma once
// The notebook's interactive_attention_explorer checks, on every head instead of layers 0–2 ×
// heads 0–3: a strong diagonal, a heavily attended first token, a broad last row.
#include "analysis/head_matrix.hpp"
#include "analysis/head_scores.hpp"
#include "attention/attention.hpp"

namespace attnscope::analysis {

struct ExplorerThresholds {
  double diagonal = 0.5;            // Σ_i A[i,i] above: "LOCAL"
  double first_column_share = 0.3;  // Σ_i A[i,0] above this · n: "CLS/START"
  double last_row_entropy = 2.0;    // entropy of the last row above: "GLOBAL"
};

// Metrics "diagonal" (Σ_i A[i,i]), "first_column" (Σ_i A[i,0]), "last_row_entropy" (nats).
// A causal model's row 0 attends only to itself (A[0,0] = 1 by construction), which would put
// every head over the diagonal and first-column thresholds; its sums start at row 1.
HeadScores seed_explorer(const Attention& attention);

// The first row the diagonal and first-column sums count: 1 for a causal model, else 0.
int seed_explorer_first_row(const Attention& attention);

}  // namespace attnscope::analysis
