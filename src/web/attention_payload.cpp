#include "web/attention_payload.hpp"

#include <bit>
#include <cstdint>
#include <cstring>

#include "core/base64.hpp"

namespace attnscope::web {

static_assert(std::endian::native == std::endian::little,
              "the payload sends float32 tensors as they lie in memory, little-endian");

namespace {

std::string_view tensor_bytes(const Attention& attention) {
  return {reinterpret_cast<const char*>(attention.probs.data()),
          attention.probs.size() * sizeof(float)};
}

nlohmann::json token_json(const Token& token) {
  return {{"id", token.id},       {"piece", token.piece}, {"display", token.display},
          {"start", token.start}, {"end", token.end},     {"special", token.special}};
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

}  // namespace

nlohmann::json result_header(const Attention& attention, const ResultContext& context) {
  nlohmann::json tokens = nlohmann::json::array();
  for (const auto& token : attention.tokens) tokens.push_back(token_json(token));
  nlohmann::json header = {
      {"model", attention.model_name},
      {"architecture", attention.architecture == Architecture::Bert ? "bert" : "gpt2"},
      {"layers", attention.layers},
      {"heads", attention.heads},
      {"n", attention.n()},
      {"text", context.text},
      {"tokens", std::move(tokens)},
      {"scores", scores_json(context.scores)},
      {"timing", {{"forward_ms", context.forward_ms}, {"scores_ms", context.scores_ms}}},
  };
  if (context.text_pair) header["text_pair"] = *context.text_pair;
  return header;
}

nlohmann::json result_json(const Attention& attention, const ResultContext& context) {
  nlohmann::json result = result_header(attention, context);
  result["attention"] = {
      {"dtype", "float32"},
      {"shape", {attention.layers, attention.heads, attention.n(), attention.n()}},
      {"base64", base64_encode(tensor_bytes(attention))},
  };
  return result;
}

std::string result_frame(const Attention& attention, const ResultContext& context) {
  const std::string header = result_header(attention, context).dump();
  const std::string_view tensor = tensor_bytes(attention);
  const std::size_t padded = (8 + header.size() + 3) / 4 * 4;
  std::string frame(padded + tensor.size(), ' ');
  std::memcpy(frame.data(), "ATNS", 4);
  const auto length = static_cast<uint32_t>(header.size());
  std::memcpy(frame.data() + 4, &length, 4);
  std::memcpy(frame.data() + 8, header.data(), header.size());
  std::memcpy(frame.data() + padded, tensor.data(), tensor.size());
  return frame;
}

}  // namespace attnscope::web
