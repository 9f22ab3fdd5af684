#pragma once
// How much every head's attention changes between two runs of the same model on texts of the
// same length (the explorer masks a token and compares): per head, the mean over query rows of
// the total variation distance ½·Σ_k |a(q, k) − b(q, k)|, 0 for identical rows, 1 for rows
// with no key in common.
#include <vector>

#include "attention/attention.hpp"

namespace attnscope::analysis {

// [layers][heads]; an Error when the two records differ in model, shape or token count.
std::vector<std::vector<double>> mean_total_variation(const Attention& a, const Attention& b);

}  // namespace attnscope::analysis
