#pragma once
// The explorer's JSON API, apart from HTTP so it can be tested and reused directly:
//   GET  /api/models     -> ["tiny-bert", "tiny-gpt2"]
//   POST /api/attention  {"model": NAME, "text": TEXT, "text_pair"?: TEXT, "bos"?: BOOL}
//                        -> result_json (or result_frame when the client accepts it)
// Bad input gets a 4xx with {"error": "one line saying what is wrong and what to do"}.
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "model/pretrained.hpp"

namespace attnscope::web {

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

ApiResponse json_error(int status, std::string_view message);

struct ApiLimits {
  std::size_t max_text_bytes = 64 * 1024;  // per text; longer cannot fit any model's positions
};

class ExplorerApi {
 public:
  // Names must be distinct: they are how requests pick a model.
  explicit ExplorerApi(std::vector<Pretrained> models, ApiLimits limits = {});

  std::vector<std::string> model_names() const;
  ApiResponse models() const;
  // `binary`: answer with result_frame instead of JSON.
  ApiResponse attention(std::string_view body, bool binary) const;

 private:
  const Pretrained* find(std::string_view name) const;

  std::vector<Pretrained> models_;
  ApiLimits limits_;
  // One forward pass at a time: each already uses every core, and the models' scratch state is
  // not shared between concurrent callers.
  mutable std::mutex run_mutex_;
};

}  // namespace attnscope::web
