#pragma once
// One analysed text as the explorer page receives it: tokens, shapes and head scores as JSON,
// and the [layers][heads][n][n] float32 tensor either base64-encoded inside that JSON (the
// documented API, and the self-contained page) or appended as raw bytes (the page's own fast
// path: a 512-token BERT text is 151 MB of attention, which JSON numbers would triple).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "analysis/head_scores.hpp"
#include "attention/attention.hpp"

namespace attnscope::web {

struct ResultContext {
  std::string text;
  std::optional<std::string> text_pair;
  double forward_ms = 0;        // tokenize + forward pass, measured by the server
  double scores_ms = 0;         // computing the head scores of the grid
  analysis::HeadScores scores;  // shown in the head-score grid; may be empty
};

// Everything except the tensor: model, architecture, layers, heads, n, tokens (id, piece,
// display, start, end, special), text, scores ({metric: [[layer][head]]}), timing.
nlohmann::json result_header(const Attention& attention, const ResultContext& context);

// The header plus "attention": {"dtype": "float32", "shape": [L, H, n, n], "base64": ...}.
nlohmann::json result_json(const Attention& attention, const ResultContext& context);

// "ATNS" | u32 header length | header JSON | spaces up to a multiple of 4 | float32 tensor,
// little-endian throughout, so the page views the tensor in place as a Float32Array.
std::string result_frame(const Attention& attention, const ResultContext& context);

inline constexpr std::string_view kFrameMediaType = "application/x-attnscope-frame";

}  // namespace attnscope::web
