#include "web/explorer_api.hpp"

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>

#include "attention/capture.hpp"
#include "core/error.hpp"
#include "web/attention_payload.hpp"
#include "web/explorer_scores.hpp"

namespace attnscope::web {

namespace {

// A request that cannot be served, with the status it gets.
struct RequestError {
  int status;
  std::string message;
};

using Clock = std::chrono::steady_clock;

double milliseconds_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
}

std::string string_field(const nlohmann::json& request, const char* name, bool required) {
  const auto it = request.find(name);
  if (it == request.end()) {
    if (required) throw RequestError{400, std::string("missing \"") + name + "\" field"};
    return {};
  }
  if (!it->is_string()) throw RequestError{400, std::string("\"") + name + "\" must be a string"};
  return it->get<std::string>();
}

struct AttentionRequest {
  std::string model;
  std::string text;
  std::optional<std::string> text_pair;
  bool bos = false;
};

AttentionRequest parse_request(std::string_view body) {
  nlohmann::json request;
  try {
    request = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    throw RequestError{400, "request body is not valid JSON (byte " + std::to_string(e.byte) +
                                "); send {\"model\": NAME, \"text\": TEXT}"};
  }
  if (!request.is_object()) {
    throw RequestError{400, "request body must be a JSON object {\"model\": NAME, \"text\": TEXT}"};
  }
  AttentionRequest parsed;
  parsed.model = string_field(request, "model", true);
  parsed.text = string_field(request, "text", true);
  if (request.contains("text_pair") && !request["text_pair"].is_null()) {
    std::string pair = string_field(request, "text_pair", false);
    if (!is_blank(pair)) parsed.text_pair = std::move(pair);
  }
  if (request.contains("bos")) {
    if (!request["bos"].is_boolean()) throw RequestError{400, "\"bos\" must be true or false"};
    parsed.bos = request["bos"].get<bool>();
  }
  return parsed;
}

void check_length(const Pretrained& model, const AttentionRequest& request) {
  EncodeOptions options;
  options.bos = request.bos;
  const Encoding encoding =
      request.text_pair ? model.tokenizer->encode_pair(request.text, *request.text_pair, options)
                        : model.tokenizer->encode(request.text, options);
  const int limit = model.model->config().max_positions;
  if (static_cast<int>(encoding.size()) > limit) {
    throw RequestError{413, "text is " + std::to_string(encoding.size()) + " tokens; " +
                                model.name + " takes at most " + std::to_string(limit) +
                                ": shorten it"};
  }
}

}  // namespace

ApiResponse json_error(int status, std::string_view message) {
  return {status, "application/json", nlohmann::json{{"error", message}}.dump()};
}

ExplorerApi::ExplorerApi(std::vector<Pretrained> models, ApiLimits limits)
    : models_(std::move(models)), limits_(limits) {
  for (std::size_t i = 0; i < models_.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (models_[i].name == models_[j].name) {
        throw UsageError("two models are both called '" + models_[i].name +
                         "'; the explorer picks models by name, so serve folders with distinct "
                         "names");
      }
    }
  }
}

std::vector<std::string> ExplorerApi::model_names() const {
  std::vector<std::string> names;
  for (const auto& model : models_) names.push_back(model.name);
  return names;
}

ApiResponse ExplorerApi::models() const {
  return {200, "application/json", nlohmann::json(model_names()).dump()};
}

const Pretrained* ExplorerApi::find(std::string_view name) const {
  for (const auto& model : models_) {
    if (model.name == name) return &model;
  }
  return nullptr;
}

ApiResponse ExplorerApi::attention(std::string_view body, bool binary) const {
  try {
    const AttentionRequest request = parse_request(body);
    const Pretrained* model = find(request.model);
    if (model == nullptr) {
      std::string loaded;
      for (const auto& name : model_names()) loaded += (loaded.empty() ? "" : ", ") + name;
      throw RequestError{404, "unknown model '" + request.model + "'; loaded: " + loaded};
    }
    if (is_blank(request.text)) throw RequestError{400, "text is empty; type some text"};
    const std::size_t bytes = request.text.size() + request.text_pair.value_or("").size();
    if (bytes > limits_.max_text_bytes) {
      throw RequestError{413, "text is " + std::to_string(bytes) + " bytes; the limit is " +
                                  std::to_string(limits_.max_text_bytes)};
    }
    if (request.text_pair && model->model->architecture() != Architecture::Bert) {
      throw RequestError{
          400, "text_pair is only for BERT sentence pairs; " + model->name + " takes one text"};
    }
    check_length(*model, request);

    CaptureOptions options;
    options.text_pair = request.text_pair;
    options.bos = request.bos;
    ResultContext context;
    context.text = request.text;
    context.text_pair = request.text_pair;
    Attention attention;
    {
      std::lock_guard lock(run_mutex_);
      const auto start = Clock::now();
      attention = capture_attention(*model, request.text, options);
      context.forward_ms = milliseconds_since(start);
    }
    const auto start = Clock::now();
    context.scores = explorer_scores(attention);
    context.scores_ms = milliseconds_since(start);
    if (binary) return {200, std::string(kFrameMediaType), result_frame(attention, context)};
    return {200, "application/json", result_json(attention, context).dump()};
  } catch (const RequestError& e) {
    return json_error(e.status, e.message);
  } catch (const Error& e) {
    // The text itself cannot be analysed (invalid UTF-8, a tokenizer limit...).
    return json_error(422, e.what());
  }
}

}  // namespace attnscope::web
