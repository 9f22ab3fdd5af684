#pragma once
// The notebook's analyze_head_specialization: positional (distance score) and delimiter
// (punctuation) heads, measured; and its "syntactic"/"semantic" labels, which it assigns by layer
// position alone, kept only as a named heuristic.
#include <optional>
#include <string>
#include <vector>

#include "analysis/head_matrix.hpp"
#include "analysis/head_scores.hpp"
#include "attention/attention.hpp"

namespace attnscope::analysis {

// Σ_{i,j} A[i,j] / (|i−j|+1) / n²: large when attention stays near the query.
double distance_score(HeadMatrix a);

// Positions whose vocabulary form is one of . , ! ? ; : (the notebook compares token strings).
std::vector<int> seed_punctuation_positions(const std::vector<Token>& tokens);

// Mean over punctuation positions j of mean_i A[i,j]; 0 when the text has none.
double punctuation_attention(HeadMatrix a, const std::vector<int>& punctuation);

struct SpecializationThresholds {
  double positional = 0.15;  // distance score above: a positional head
  double delimiter = 0.2;    // punctuation attention above: a delimiter head
};

// Metrics "distance" and "punctuation" for every head.
HeadScores seed_specialization(const Attention& attention);

// The notebook's guess: layers below L/3 "syntactic", above 2L/3 "semantic" (integer division as
// in Python's //). Position, not measurement: callers must present it as a heuristic.
std::optional<std::string> layer_range_heuristic(int layer, int layers);

}  // namespace attnscope::analysis
