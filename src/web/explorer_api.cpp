#include "web/explorer_api.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>

#include "analysis/attention_change.hpp"
#include "analysis/word_level.hpp"
#include "core/error.hpp"
#include "pipeline/capture.hpp"
#include "pipeline/query_key.hpp"
#include "pipeline/token_predictions.hpp"
#include "web/attention_payload.hpp"
#include "web/attention_slices.hpp"
#include "web/thumbnails.hpp"

namespace attnscope::web {

namespace {

// A request that cannot be served, with the status it gets.
struct RequestError {
  int status;
  std::string message;
};

// Runs one API call, turning its refusals into JSON errors.
template <class Call>
ApiResponse answer(Call&& call) {
  try {
    return call();
  } catch (const RequestError& e) {
    return json_error(e.status, e.message);
  } catch (const Error& e) {
    // The text itself cannot be analysed (invalid UTF-8, a tokenizer limit...).
    return json_error(422, e.what());
  }
}

ApiResponse json_response(const nlohmann::json& body) {
  return {200, std::string(kJsonMediaType), body.dump()};
}

ApiResponse binary_response(std::span<const float> values) {
  return {200, std::string(kBinaryMediaType), float_bytes(values)};
}

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

int index_field(const nlohmann::json& request, const char* name) {
  const auto it = request.find(name);
  if (it == request.end()) return 0;
  if (!it->is_number_integer() || it->get<int64_t>() < 0 ||
      it->get<int64_t>() > std::numeric_limits<int>::max()) {
    throw RequestError{400, std::string("\"") + name + "\" must be a non-negative integer"};
  }
  return it->get<int>();
}

// A layer, head or token index from the path, within [0, count).
int path_index(std::string_view text, int count, const std::string& what) {
  int value = -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) {
    throw RequestError{400, what + " '" + std::string(text) + "' is not an index"};
  }
  if (value >= count) {
    throw RequestError{404, what + " " + std::to_string(value) + " is out of range: there are " +
                                std::to_string(count) + " (0 to " + std::to_string(count - 1) +
                                ")"};
  }
  return value;
}

struct AttentionRequest {
  std::string model;
  std::string text;
  std::optional<std::string> text_pair;
  bool bos = false;
  std::optional<analysis::FromWord> words;  // word level, and how a word attends from its pieces
  std::vector<int> mask;                    // BERT: positions run as [MASK]
  int layer = 0;                            // the head whose matrix comes with the answer
  int head = 0;
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
  if (request.contains("words")) {
    if (!request["words"].is_boolean()) throw RequestError{400, "\"words\" must be true or false"};
    if (request["words"].get<bool>()) parsed.words = analysis::FromWord::Mean;
  }
  if (request.contains("from_word")) {
    const auto from = analysis::parse_from_word(string_field(request, "from_word", false));
    if (!from) throw RequestError{400, "\"from_word\" must be \"mean\" or \"first\""};
    if (!parsed.words) throw RequestError{400, "\"from_word\" needs \"words\": true"};
    parsed.words = from;
  }
  if (request.contains("mask")) {
    const auto& mask = request["mask"];
    const bool valid = mask.is_array() && std::all_of(mask.begin(), mask.end(), [](const auto& p) {
                         return p.is_number_integer() && p.template get<int64_t>() >= 0 &&
                                p.template get<int64_t>() <= std::numeric_limits<int>::max();
                       });
    if (!valid) throw RequestError{400, "\"mask\" must be a list of token positions, e.g. [3]"};
    parsed.mask = mask.get<std::vector<int>>();
  }
  parsed.layer = index_field(request, "layer");
  parsed.head = index_field(request, "head");
  return parsed;
}

void check_request(const Pretrained& model, const AttentionRequest& request) {
  const ModelConfig& config = model.model->config();
  if (request.layer >= config.layers || request.head >= config.heads) {
    throw RequestError{400, "layer " + std::to_string(request.layer) + ", head " +
                                std::to_string(request.head) + " is not in " + model.name +
                                ", which has " + std::to_string(config.layers) + " layers of " +
                                std::to_string(config.heads) + " heads"};
  }
  EncodeOptions options;
  options.bos = request.bos;
  const Encoding encoding =
      request.text_pair ? model.tokenizer->encode_pair(request.text, *request.text_pair, options)
                        : model.tokenizer->encode(request.text, options);
  if (static_cast<int>(encoding.size()) > config.max_positions) {
    throw RequestError{413, "text is " + std::to_string(encoding.size()) + " tokens; " +
                                model.name + " takes at most " +
                                std::to_string(config.max_positions) + ": shorten it"};
  }
}

}  // namespace

ApiResponse json_error(int status, std::string_view message) {
  // Messages quote the request's path, which may hold any bytes; dump() would throw on invalid
  // UTF-8 from inside httplib's error handler and end the process.
  return {status, std::string(kJsonMediaType),
          nlohmann::json{{"error", message}}.dump(-1, ' ', false,
                                                  nlohmann::json::error_handler_t::replace)};
}

ExplorerApi::ExplorerApi(std::vector<Pretrained> models, ApiLimits limits)
    : models_(std::move(models)), limits_(limits), cache_(limits.cache) {
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

ApiResponse ExplorerApi::models() const { return json_response(model_names()); }

const Pretrained* ExplorerApi::find(std::string_view name) const {
  for (const auto& model : models_) {
    if (model.name == name) return &model;
  }
  return nullptr;
}

ApiResponse ExplorerApi::attention(std::string_view body) const {
  return answer([&] {
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
    if (request.text_pair && model->model->config().architecture != Architecture::Bert) {
      throw RequestError{
          400, "text_pair is only for BERT sentence pairs; " + model->name + " takes one text"};
    }
    check_request(*model, request);

    CaptureOptions options;
    options.text_pair = request.text_pair;
    options.bos = request.bos;
    options.mask = request.mask;
    ResultContext context;
    context.text = request.text;
    context.text_pair = request.text_pair;
    context.bos = request.bos;
    context.mask = request.mask;
    context.words = request.words;
    Attention attention;
    {
      std::lock_guard lock(run_mutex_);
      const auto start = Clock::now();
      attention = capture_attention(*model, request.text, options);
      context.forward_ms = milliseconds_since(start);
    }
    // Every part asked for by id (heads, rows, thumbnails, scores) then comes at word level too.
    if (request.words)
      attention = analysis::word_level(attention, request.text, request.text_pair, *request.words)
                      .attention;
    const int n = attention.n();
    auto kept = std::make_shared<const StoredResult>(std::move(attention), std::move(context));
    nlohmann::json result = result_header(kept->attention(), kept->context());
    nlohmann::json first =
        matrix_json(head_values(kept->attention(), request.layer, request.head), {n, n});
    first["layer"] = request.layer;
    first["head"] = request.head;
    result["first"] = std::move(first);
    result["predicts_tokens"] = model->model->predicts_tokens();
    result["id"] = cache_.add(std::move(kept));
    return json_response(result);
  });
}

std::shared_ptr<const StoredResult> ExplorerApi::stored(std::string_view id) const {
  auto result = cache_.find(id);
  if (result == nullptr) {
    throw RequestError{404, "no result '" + std::string(id) +
                                "': the server keeps only its last few results (and forgets them "
                                "on restart); submit the text again"};
  }
  return result;
}

ApiResponse ExplorerApi::result(std::string_view id) const {
  return answer([&] {
    const auto result = stored(id);
    nlohmann::json json =
        result_json(result->attention(), result->context(), result->scores().scores);
    json["id"] = id;
    return json_response(json);
  });
}

ApiResponse ExplorerApi::scores(std::string_view id) const {
  return answer([&] {
    const TimedScores& scores = stored(id)->scores();
    return json_response(
        {{"scores", scores_json(scores.scores)}, {"timing", {{"scores_ms", scores.ms}}}});
  });
}

ApiResponse ExplorerApi::head(std::string_view id, std::string_view layer,
                              std::string_view head) const {
  return answer([&] {
    const auto result = stored(id);
    const Attention& attention = result->attention();
    return binary_response(head_values(attention, path_index(layer, attention.layers, "layer"),
                                       path_index(head, attention.heads, "head")));
  });
}

ApiResponse ExplorerApi::layer(std::string_view id, std::string_view layer) const {
  return answer([&] {
    const auto result = stored(id);
    const Attention& attention = result->attention();
    return binary_response(layer_values(attention, path_index(layer, attention.layers, "layer")));
  });
}

ApiResponse ExplorerApi::token(std::string_view id, std::string_view query) const {
  return answer([&] {
    const auto result = stored(id);
    const Attention& attention = result->attention();
    return binary_response(query_rows(attention, path_index(query, attention.n(), "token")));
  });
}

ApiResponse ExplorerApi::thumbnails(std::string_view id) const {
  return answer([&] { return binary_response(web::thumbnails(stored(id)->attention())); });
}

CaptureOptions ExplorerApi::rerun_options(const StoredResult& result,
                                          const std::string& what) const {
  const ResultContext& context = result.context();
  if (context.words) throw RequestError{400, what + "; turn word level off"};
  if (find(result.attention().model_name) == nullptr)
    throw RequestError{404, "the model of this result is not served"};
  CaptureOptions options;
  options.text_pair = context.text_pair;
  options.bos = context.bos;
  options.mask = context.mask;
  return options;
}

ApiResponse ExplorerApi::predictions(std::string_view id) const {
  return answer([&] {
    const auto result = stored(id);
    const CaptureOptions options = rerun_options(*result, "predictions are per token");
    const Pretrained& model = *find(result->attention().model_name);
    if (!model.model->predicts_tokens())
      throw RequestError{400, model.name +
                                  " has no masked-LM head (cls.predictions), so it "
                                  "predicts no tokens; serve a BertForMaskedLM "
                                  "checkpoint such as bert-base-uncased"};
    TokenPredictions predictions;
    {
      std::lock_guard lock(run_mutex_);
      predictions = predict_tokens(model, result->context().text, options);
    }
    nlohmann::json positions = nlohmann::json::array();
    for (const auto& candidates : predictions.at) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& c : candidates)
        list.push_back({{"id", c.id}, {"label", c.label}, {"probability", c.probability}});
      positions.push_back(std::move(list));
    }
    return json_response({{"next_token", predictions.next_token}, {"positions", positions}});
  });
}

ApiResponse ExplorerApi::change(std::string_view id, std::string_view other) const {
  return answer([&] {
    const auto a = stored(id);
    const auto b = stored(other);
    try {
      return json_response(
          {{"total_variation", analysis::mean_total_variation(a->attention(), b->attention())}});
    } catch (const Error& e) {
      throw RequestError{400, e.what()};
    }
  });
}

ApiResponse ExplorerApi::query_key(std::string_view id, std::string_view layer) const {
  return answer([&] {
    const auto result = stored(id);
    const Attention& attention = result->attention();
    const ResultContext& context = result->context();
    const int index = path_index(layer, attention.layers, "layer");
    const CaptureOptions options = rerun_options(*result, "the neuron view shows token vectors");
    QueryKey vectors;
    {
      std::lock_guard lock(run_mutex_);
      vectors = capture_query_key(*find(attention.model_name), context.text, index, options);
    }
    std::vector<float> both = std::move(vectors.queries);
    both.insert(both.end(), vectors.keys.begin(), vectors.keys.end());
    return binary_response(both);
  });
}

}  // namespace attnscope::web
