#pragma once
// One analysed text as the explorer page receives it, as JSON: tokens, shapes, timing, head
// scores, and float32 matrices base64-encoded ({"dtype", "shape", "base64"}), never one JSON
// number per cell.
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analysis/head_scores.hpp"
#include "analysis/word_attention.hpp"
#include "attention/attention.hpp"

namespace attnscope::web {

struct ResultContext {
  std::string text;
  std::optional<std::string> text_pair;
  bool bos = false;                         // GPT-2: <|endoftext|> was prepended
  std::vector<int> mask;                    // BERT: token positions run as [MASK]
  std::optional<analysis::FromWord> words;  // a word-level result, and how words attend from
  double forward_ms = 0;                    // tokenize + forward pass, measured by the server
};

// model, architecture, layers, heads, n, text (and text_pair), tokens (id, piece, display,
// start, end, special, and segment 0/1 for sentence pairs), thumbnail_side, timing; for a
// word-level result also "words": true and "from_word" ("mean" or "first").
nlohmann::json result_header(const Attention& attention, const ResultContext& context);

// {metric: [[layer][head]]}
nlohmann::json scores_json(const analysis::HeadScores& scores);

// {"dtype": "float32", "shape": shape, "base64": the values' little-endian bytes}
nlohmann::json matrix_json(std::span<const float> values, const std::vector<int>& shape);

// How result_json stores its matrices: exact float32, or float16 in compressed chunks
// (web/compact_matrix.hpp), about a tenth of the size, each value within 0.00025.
enum class MatrixStorage { float32, compact };

// Everything at once: the header plus "scores", the whole tensor as "attention" [L, H, n, n] and
// the model-view "thumbnails" [L, H, side, side]. What the self-contained page embeds and what
// the page exports; at 512 tokens on BERT-base it is 200 MB as float32, so the server sends it
// only when asked for by id.
nlohmann::json result_json(const Attention& attention, const ResultContext& context,
                           const analysis::HeadScores& scores,
                           MatrixStorage storage = MatrixStorage::float32);

}  // namespace attnscope::web
