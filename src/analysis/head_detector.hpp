#pragma once
// TransformerLens's head detector, keeping its meaning and fixing its bugs: exclusions are
// honoured for every measure and for many texts, nothing is rounded, the attention is not
// modified in place, and bidirectional (BERT) attention is accepted by the "abs" measure.
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/head_matrix.hpp"
#include "analysis/head_scores.hpp"
#include "attention/attention.hpp"

namespace attnscope::analysis {

enum class DetectorPattern { PreviousToken, DuplicateToken, Induction };

// A head counts as detected above this score by default (detect --threshold, the report).
constexpr double kDetectedAbove = 0.4;
enum class ErrorMeasure { Mul, Abs };

std::string metric_name(DetectorPattern pattern);  // "previous_token", "duplicate_token", ...

// The ideal attention D as an n×n 0/1 matrix, lower-triangular:
//   previous token  D[i,j] = 1 iff j = i−1
//   duplicate token D[i,j] = 1 iff ids[i] = ids[j] and j < i
//   induction       D[i,j] = 1 iff ids[j−1] = ids[i] and j−1 < i
std::vector<uint8_t> detection_pattern(DetectorPattern pattern, const std::vector<int32_t>& ids);

struct DetectorOptions {
  ErrorMeasure measure = ErrorMeasure::Mul;
  bool exclude_first_token = false;  // ignore column 0 (attention parked on BOS/[CLS])
  bool exclude_self = false;         // ignore the diagonal
};

// "mul": Σ(A⊙D)/ΣA over the cells not excluded (0 when they hold no attention).
// "abs": 1 − Σ|A−D|/n over the cells not excluded (1 is a perfect match).
double detector_score(HeadMatrix a, const std::vector<uint8_t>& pattern,
                      const DetectorOptions& options);

// One metric per pattern (named by metric_name) for every head, on the record's token ids.
HeadScores detect_heads(const Attention& attention, const std::vector<DetectorPattern>& patterns,
                        const DetectorOptions& options);

}  // namespace attnscope::analysis
