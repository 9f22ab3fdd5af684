#pragma once
// The explorer's JSON API, apart from HTTP so it can be tested and reused directly:
//   GET  /api/models                        -> ["tiny-bert", "tiny-gpt2"]
//   POST /api/attention {"model": NAME, "text": TEXT, "text_pair"?: TEXT, "bos"?: BOOL,
//                        "words"?: BOOL, "from_word"?: "mean"|"first", "layer"?: L, "head"?: H}
//        -> result_header plus "id", "predicts_tokens" (whether the model has an LM or MLM head)
//           and "first": the matrix of head (L, H), default (0, 0);
//           with "words": true the result is word level (analysis::word_level): its tokens are
//           the words, and every part below is over them
// The server keeps recent results; by id, the rest comes when a view needs it:
//   GET /api/attention/ID                   -> result_json (everything, for export)
//   GET /api/attention/ID/scores            -> {"scores": {metric: [[L][H]]}, "timing": {...}}
//   GET /api/attention/ID/layer/L/head/H    -> float32 [n][n]            (octet-stream)
//   GET /api/attention/ID/layer/L           -> float32 [heads][n][n]
//   GET /api/attention/ID/token/Q           -> float32 [layers][heads][n] (rows of query Q)
//   GET /api/attention/ID/thumbnails        -> float32 [layers][heads][side][side]
//   POST /api/attention also takes "mask": [positions] (BERT): those tokens run as [MASK]
//   GET /api/attention/ID/predictions       -> {"next_token": GPT-2?, "positions": [[{"id",
//                                              "label", "probability"}] × 10] per token}: the
//                                              LM head's next tokens or the MLM head's fill-ins
//   GET /api/attention/ID/change/OTHER      -> {"total_variation": [[L][H]]}: how each head's
//                                              attention differs between two results of one
//                                              model on as many tokens (analysis/attention_change)
//   GET /api/attention/ID/layer/L/query_key -> float32 [2][heads][n][head_dim]: layer L's query
//                                              then key vectors (the neuron view), from a forward
//                                              pass of the result's text run for this request
// Bad input gets a 4xx with {"error": "one line saying what is wrong and what to do"}.
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/capture.hpp"
#include "pipeline/pretrained.hpp"
#include "web/result_cache.hpp"

namespace attnscope::web {

// httplib compresses a body typed exactly "application/json" for any client that accepts
// brotli, at brotli's slowest quality: 2 s for a 512-token answer's 1.4 MB of base64 and minutes
// for a whole result, on data that shrinks by a quarter. The charset keeps it out of that rule.
inline constexpr std::string_view kJsonMediaType = "application/json; charset=utf-8";

struct ApiResponse {
  int status = 200;
  std::string content_type = std::string(kJsonMediaType);
  std::string body;
};

ApiResponse json_error(int status, std::string_view message);

inline constexpr std::string_view kBinaryMediaType = "application/octet-stream";

struct ApiLimits {
  std::size_t max_text_bytes = 64 * 1024;  // per text; longer cannot fit any model's positions
  CacheLimits cache;
};

class ExplorerApi {
 public:
  // Names must be distinct: they are how requests pick a model.
  explicit ExplorerApi(std::vector<Pretrained> models, ApiLimits limits = {});

  std::vector<std::string> model_names() const;
  ApiResponse models() const;
  ApiResponse attention(std::string_view body) const;

  // Parts of a kept result; indices arrive as the path's text and are checked here.
  ApiResponse result(std::string_view id) const;
  ApiResponse scores(std::string_view id) const;
  ApiResponse head(std::string_view id, std::string_view layer, std::string_view head) const;
  ApiResponse layer(std::string_view id, std::string_view layer) const;
  ApiResponse token(std::string_view id, std::string_view query) const;
  ApiResponse thumbnails(std::string_view id) const;
  ApiResponse query_key(std::string_view id, std::string_view layer) const;
  ApiResponse predictions(std::string_view id) const;
  ApiResponse change(std::string_view id, std::string_view other) const;

 private:
  const Pretrained* find(std::string_view name) const;
  std::shared_ptr<const StoredResult> stored(std::string_view id) const;
  // How to encode a kept result's text again, as it was encoded (the model runs it again for
  // the parts it did not keep); a 400 for a word-level result, whose tokens are words.
  CaptureOptions rerun_options(const StoredResult& result, const std::string& what) const;

  std::vector<Pretrained> models_;
  ApiLimits limits_;
  // One forward pass at a time: each already uses every core, and the models' scratch state is
  // not shared between concurrent callers.
  mutable std::mutex run_mutex_;
  mutable ResultCache cache_;
};

}  // namespace attnscope::web
