#pragma once
// The tokens a figure shows (all of them, or all but [CLS]/[SEP]/BOS with --no-special), with
// readable labels, and attention matrices cut down to them.
#include <string>
#include <vector>

#include "attention/attention.hpp"
#include "render/heatmap.hpp"

namespace attnscope::render {

struct TokenView {
  std::vector<int> index;           // positions in the Attention, in order
  std::vector<std::string> labels;  // one per shown token
  int size() const { return static_cast<int>(index.size()); }
};

// A token's label: the tokenizer's one display form (tokenize/token_labels.hpp), or for a
// record made without a tokenizer (word level, tests) its readable display.
std::string token_label(const Token& token);

// Throws UsageError when hiding special tokens would leave nothing to show.
TokenView view_tokens(const Attention& attention, bool hide_special);

// One head's [query][key] matrix restricted to the view; a causal model's future keys masked.
Matrix head_matrix(const Attention& attention, int layer, int head, const TokenView& view);
// A full n x n matrix (row-major) restricted to the view; with `mask_future`, keys after the
// query masked (a causal model's rollout and averages hold 0 there by construction).
Matrix view_matrix(const std::vector<double>& full, int n, const TokenView& view,
                   bool mask_future = false);

}  // namespace attnscope::render
