#include "web/attention_payload.hpp"

#include <bit>

#include "analysis/word_level.hpp"
#include "attention/token_json.hpp"
#include "core/base64.hpp"
#include "web/attention_slices.hpp"
#include "web/compact_matrix.hpp"
#include "web/thumbnails.hpp"

namespace attnscope::web {

static_assert(std::endian::native == std::endian::little,
              "the payload sends float32 values as they lie in memory, little-endian");

nlohmann::json result_header(const Attention& attention, const ResultContext& context) {
  nlohmann::json tokens = nlohmann::json::array();
  for (const Token& token : attention.tokens) {
    tokens.push_back(token_json(token));
    if (context.text_pair) tokens.back()["segment"] = token.segment;
  }
  nlohmann::json header = {
      {"model", attention.model_name},
      {"architecture", architecture_name(attention.architecture)},
      {"precision", precision_name(attention.precision)},
      {"layers", attention.layers},
      {"heads", attention.heads},
      {"n", attention.n()},
      {"text", context.text},
      {"tokens", std::move(tokens)},
      {"thumbnail_side", thumbnail_side(attention.n())},
      {"timing", {{"forward_ms", context.forward_ms}}},
  };
  if (context.text_pair) header["text_pair"] = *context.text_pair;
  if (!context.mask.empty()) header["masked"] = context.mask;
  if (context.words) {
    header["words"] = true;
    header["from_word"] = analysis::from_word_name(*context.words);
  }
  return header;
}

nlohmann::json scores_json(const analysis::HeadScores& scores) {
  nlohmann::json metrics = nlohmann::json::object();
  for (const auto& metric : scores.metrics()) {
    nlohmann::json grid = nlohmann::json::array();
    for (int layer = 0; layer < scores.layers(); ++layer) {
      const auto row = metric.values.begin() + static_cast<std::ptrdiff_t>(layer) * scores.heads();
      grid.push_back(std::vector<double>(row, row + scores.heads()));
    }
    metrics[metric.name] = std::move(grid);
  }
  return metrics;
}

nlohmann::json matrix_json(std::span<const float> values, const std::vector<int>& shape) {
  return {{"dtype", "float32"}, {"shape", shape}, {"base64", base64_encode(float_bytes(values))}};
}

nlohmann::json result_json(const Attention& attention, const ResultContext& context,
                           const analysis::HeadScores& scores, MatrixStorage storage) {
  nlohmann::json result = result_header(attention, context);
  const int n = attention.n();
  const int side = thumbnail_side(n);
  const auto stored = [storage](std::span<const float> values, const std::vector<int>& shape) {
    return storage == MatrixStorage::compact ? compact_matrix_json(values, shape)
                                             : matrix_json(values, shape);
  };
  result["scores"] = scores_json(scores);
  result["attention"] = stored(attention.probs, {attention.layers, attention.heads, n, n});
  result["thumbnails"] =
      stored(thumbnails(attention), {attention.layers, attention.heads, side, side});
  return result;
}

}  // namespace attnscope::web
