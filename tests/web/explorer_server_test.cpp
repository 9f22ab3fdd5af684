// The explorer's HTTP API end to end on the tiny fixture models: results (the first head, and
// every part fetched later by id) equal Hugging Face's golden attentions, every bad input gets
// its 4xx with a one-line JSON error, and the server keeps serving through bad input, 200
// sequential and 20 concurrent requests, slow or oversized requests, and refuses other sites.
#include "web/explorer_server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <malloc.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <thread>

#include "core/base64.hpp"
#include "core/error.hpp"
#include "io/json_file.hpp"
#include "io/safetensors.hpp"
#include "support/fixtures.hpp"

namespace attnscope::web {
namespace {

struct GoldenEntry {
  std::string model;  // "tiny-bert"
  std::string text;
  std::vector<int64_t> ids;
  std::vector<float> attentions;  // [L][H][T][T]

  // The tiny models have 3 layers of 4 heads.
  static constexpr int kLayers = 3;
  static constexpr int kHeads = 4;
  int n() const { return static_cast<int>(ids.size()); }
  std::vector<float> head(int layer, int head) const { return heads(layer, head, 1); }
  std::vector<float> layer(int layer) const { return heads(layer, 0, kHeads); }

 private:
  std::vector<float> heads(int layer, int first, int count) const {
    const std::size_t size = static_cast<std::size_t>(n()) * n();
    const auto begin =
        attentions.begin() + static_cast<std::ptrdiff_t>((layer * kHeads + first) * size);
    return {begin, begin + static_cast<std::ptrdiff_t>(count * size)};
  }
};

std::vector<float> floats_of(const std::string& bytes) {
  std::vector<float> values(bytes.size() / 4);
  std::memcpy(values.data(), bytes.data(), values.size() * 4);
  return values;
}

double max_abs_diff(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return INFINITY;
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double d = std::fabs(static_cast<double>(a[i]) - b[i]);
    if (!(d <= worst)) worst = d;
  }
  return worst;
}

using Clock = std::chrono::steady_clock;

// A connection of the test's own, for what httplib's client does not send: a body cut short,
// headers a byte at a time, any Host.
class RawConnection {
 public:
  explicit RawConnection(int port) : socket_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(socket_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawConnection() { close(socket_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool send(std::string_view bytes) {
    while (connected_ && !bytes.empty()) {
      const ssize_t sent = ::send(socket_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return connected_;
  }
  // What the server sent until it closed the connection, a whole response had come (headers
  // and Content-Length bytes of body), or `timeout` passed.
  struct Received {
    std::string bytes;
    bool closed = false;
    int status() const {
      return bytes.rfind("HTTP/1.1 ", 0) == 0 ? std::atoi(bytes.c_str() + 9) : 0;
    }
    std::string body() const {
      const auto end = bytes.find("\r\n\r\n");
      return end == std::string::npos ? "" : bytes.substr(end + 4);
    }
  };
  Received receive(std::chrono::milliseconds timeout) {
    Received received;
    const auto deadline = Clock::now() + timeout;
    while (!complete(received.bytes)) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      pollfd target{socket_, POLLIN, 0};
      if (left.count() <= 0 || poll(&target, 1, static_cast<int>(left.count())) <= 0) break;
      char buffer[65536];
      const ssize_t n = recv(socket_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        received.closed = true;
        break;
      }
      received.bytes.append(buffer, static_cast<std::size_t>(n));
    }
    return received;
  }

 private:
  static bool complete(const std::string& bytes) {
    const auto end = bytes.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    const auto length = bytes.find("Content-Length: ");
    return length != std::string::npos && length < end &&
           bytes.size() >= end + 4 + std::stoul(bytes.substr(length + 16));
  }

  int socket_;
  bool connected_ = false;
};

// This process's resident memory, from the kernel's own count, once the allocator has handed
// back what it keeps free: every server thread has an arena of its own, and what those keep
// depends on which threads took the requests, not on what is still allocated.
std::size_t resident_bytes() {
  malloc_trim(0);
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6)) * 1024;
  }
  return 0;
}

// A server of its own with `options`, on a free port of 127.0.0.1, for as long as it lives.
class ScopedServer {
 public:
  ScopedServer(const ExplorerApi& api, ServeOptions options) : server_(api, std::move(options)) {
    port_ = server_.bind();
    thread_ = std::thread([this] { server_.run(); });
  }
  ~ScopedServer() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }

 private:
  ExplorerServer server_;
  int port_ = 0;
  std::thread thread_;
};

class ExplorerServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto store = io::read_safetensors(test::golden_dir() / "golden_tiny.safetensors");
    const auto manifest = io::read_json_file(test::golden_dir() / "manifest.json");
    for (const auto& entry : manifest["entries"]["tiny"]) {
      const std::string key = entry["key"];
      golden_->push_back({key.substr(0, key.find('.')), entry["text"],
                          store.to_i64(key + ".input_ids"), store.to_f32(key + ".attentions")});
    }
    std::vector<Pretrained> models;
    models.push_back(load_pretrained(test::model_fixture("tiny-bert").string()));
    models.push_back(load_pretrained(test::model_fixture("tiny-gpt2").string()));
    api_ = new ExplorerApi(std::move(models));
    server_ = new ExplorerServer(*api_, {.host = "127.0.0.1", .port = 0});
    port_ = server_->bind();
    thread_ = new std::thread([] { server_->run(); });
  }
  static void TearDownTestSuite() {
    server_->stop();
    thread_->join();
    delete thread_;
    delete server_;
    delete api_;
  }

  static httplib::Client client() {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(60, 0);
    client.set_tcp_nodelay(true);  // as browsers do: the body leaves without waiting for an ACK
    return client;
  }
  static httplib::Result post(const std::string& body) {
    return client().Post("/api/attention", body, "application/json");
  }
  static httplib::Result get(const std::string& path) { return client().Get(path.c_str()); }
  static std::string host() { return "127.0.0.1:" + std::to_string(port_); }
  // A POST of `body` with these extra header lines, sent by hand.
  static RawConnection::Received raw_post(const std::string& headers, const std::string& body) {
    RawConnection connection(port_);
    connection.send("POST /api/attention HTTP/1.1\r\n" + headers +
                    "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    return connection.receive(std::chrono::seconds(60));
  }
  static std::string request_for(const GoldenEntry& entry, int layer = 0, int head = 0) {
    return nlohmann::json{
        {"model", entry.model}, {"text", entry.text}, {"layer", layer}, {"head", head}}
        .dump();
  }

  // The response is a correct first answer for `entry`: the golden ids, and the matrix of head
  // (layer, head) within the tiny models' tolerance of Hugging Face's. Returns the result's id.
  static std::string expect_matches(const httplib::Result& response, const GoldenEntry& entry,
                                    int layer = 0, int head = 0) {
    EXPECT_TRUE(response) << "no response (" << httplib::to_string(response.error()) << ") for "
                          << entry.text;
    if (!response) return {};
    EXPECT_EQ(response->status, 200) << response->body;
    const auto json = nlohmann::json::parse(response->body);
    EXPECT_EQ(json["model"], entry.model);
    const int n = json["n"];
    EXPECT_EQ(n, entry.n()) << entry.text;
    for (int i = 0; i < std::min(n, entry.n()); ++i)
      EXPECT_EQ(json["tokens"][i]["id"], entry.ids[i]);
    EXPECT_EQ(json["layers"], GoldenEntry::kLayers);
    EXPECT_EQ(json["heads"], GoldenEntry::kHeads);
    EXPECT_FALSE(json.contains("attention")) << "the whole tensor comes only when asked for";
    const auto& first = json["first"];
    EXPECT_EQ(first["layer"], layer);
    EXPECT_EQ(first["head"], head);
    EXPECT_EQ(first["shape"], nlohmann::json({n, n}));
    const auto values = floats_of(base64_decode(first["base64"].get<std::string>()));
    EXPECT_LE(max_abs_diff(values, entry.head(layer, head)), 1e-5)
        << entry.model << ": " << entry.text;
    return json["id"];
  }

  // A binary part of a kept result: 200, octet-stream, float32 values.
  static std::vector<float> binary_part(const std::string& path) {
    auto response = get(path);
    EXPECT_TRUE(response) << path;
    if (!response) return {};
    EXPECT_EQ(response->status, 200) << path << ": " << response->body;
    EXPECT_EQ(response->get_header_value("Content-Type"), "application/octet-stream") << path;
    return floats_of(response->body);
  }

  // A refusal: the expected status, a JSON body {"error": one line}, and the server still up.
  static void expect_refused(const httplib::Result& response, int status, const std::string& what) {
    ASSERT_TRUE(response) << what << ": no response";
    EXPECT_EQ(response->status, status) << what << ": " << response->body;
    const auto json = nlohmann::json::parse(response->body, nullptr, false);
    ASSERT_TRUE(json.is_object() && json.contains("error")) << what << ": " << response->body;
    const std::string message = json["error"];
    EXPECT_FALSE(message.empty()) << what;
    EXPECT_EQ(message.find('\n'), std::string::npos) << what;
    auto alive = client().Get("/api/models");
    ASSERT_TRUE(alive) << "server down after " << what;
    EXPECT_EQ(alive->status, 200) << "after " << what;
  }

  static inline std::vector<GoldenEntry>* golden_ = new std::vector<GoldenEntry>;
  static inline ExplorerApi* api_ = nullptr;
  static inline ExplorerServer* server_ = nullptr;
  static inline std::thread* thread_ = nullptr;
  static inline int port_ = 0;
};

TEST_F(ExplorerServerTest, ModelsListsTheLoadedNames) {
  auto response = client().Get("/api/models");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(nlohmann::json::parse(response->body), nlohmann::json({"tiny-bert", "tiny-gpt2"}));
}

TEST_F(ExplorerServerTest, ServesThePageAndItsAssets) {
  auto page = client().Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->get_header_value("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(page->body.find("\"mode\":\"server\""), std::string::npos);
  auto script = client().Get("/assets/app.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_NE(script->get_header_value("Content-Type").find("javascript"), std::string::npos);
  EXPECT_NE(script->body.find("AS.app"), std::string::npos);
}

// Every golden text: the first head, then every layer fetched by id, equal Hugging Face's.
TEST_F(ExplorerServerTest, EveryGoldenTextMatchesHuggingFace) {
  ASSERT_EQ(golden_->size(), 28u);
  for (const auto& entry : *golden_) {
    const std::string id = expect_matches(post(request_for(entry)), entry);
    for (int layer = 0; layer < GoldenEntry::kLayers; ++layer) {
      const auto values = binary_part("/api/attention/" + id + "/layer/" + std::to_string(layer));
      EXPECT_LE(max_abs_diff(values, entry.layer(layer)), 1e-5) << entry.text << " layer " << layer;
    }
  }
}

TEST_F(ExplorerServerTest, PartsFetchedByIdMatchHuggingFace) {
  const GoldenEntry& entry = golden_->front();
  const int n = entry.n();
  const std::string id = expect_matches(post(request_for(entry, 2, 3)), entry, 2, 3);
  const std::string base = "/api/attention/" + id;
  EXPECT_LE(max_abs_diff(binary_part(base + "/layer/1/head/2"), entry.head(1, 2)), 1e-5);

  // The rows of query 5 in every head, [layer][head][key].
  std::vector<float> rows;
  for (int layer = 0; layer < GoldenEntry::kLayers; ++layer) {
    for (int head = 0; head < GoldenEntry::kHeads; ++head) {
      const auto matrix = entry.head(layer, head);
      rows.insert(rows.end(), matrix.begin() + 5 * n, matrix.begin() + 6 * n);
    }
  }
  EXPECT_LE(max_abs_diff(binary_part(base + "/token/5"), rows), 1e-5);

  // 14 tokens fit the thumbnails' cells one to one: the thumbnails are the tensor itself.
  EXPECT_LE(max_abs_diff(binary_part(base + "/thumbnails"), entry.attentions), 1e-5);

  // The notebook's entropy of layer 2, head 1: mean over queries of -sum a log(a + 1e-10).
  auto scores = get(base + "/scores");
  ASSERT_TRUE(scores);
  ASSERT_EQ(scores->status, 200) << scores->body;
  const auto json = nlohmann::json::parse(scores->body);
  double entropy = 0;
  for (float a : entry.head(2, 1)) entropy -= a * std::log(a + 1e-10);
  EXPECT_NEAR(json["scores"]["entropy"][2][1].get<double>(), entropy / n, 1e-4);
  EXPECT_TRUE(json["scores"].contains("induction"));
  EXPECT_GE(json["timing"]["scores_ms"].get<double>(), 0.0);

  // Everything at once, as the page exports it: the whole tensor, scores and thumbnails.
  auto whole = get(base);
  ASSERT_TRUE(whole);
  ASSERT_EQ(whole->status, 200);
  const auto result = nlohmann::json::parse(whole->body);
  EXPECT_EQ(result["id"], id);
  EXPECT_EQ(result["attention"]["shape"], nlohmann::json({3, 4, n, n}));
  const auto tensor = floats_of(base64_decode(result["attention"]["base64"].get<std::string>()));
  EXPECT_LE(max_abs_diff(tensor, entry.attentions), 1e-5);
  EXPECT_EQ(result["scores"]["entropy"], json["scores"]["entropy"]);
  EXPECT_EQ(result["thumbnails"]["shape"], nlohmann::json({3, 4, n, n}));
}

// httplib compresses plain "application/json" at brotli's slowest quality for clients that
// accept it (browsers do): at 512 tokens that took longer than the forward pass.
TEST_F(ExplorerServerTest, AnswersAreSentUncompressed) {
  const GoldenEntry& entry = golden_->front();
  const httplib::Headers accept = {{"Accept-Encoding", "gzip, deflate, br"}};
  auto response = client().Post("/api/attention", accept, request_for(entry), "application/json");
  ASSERT_TRUE(response);
  EXPECT_FALSE(response->has_header("Content-Encoding"))
      << response->get_header_value("Content-Encoding");
  EXPECT_EQ(response->get_header_value("Content-Type"), "application/json; charset=utf-8");
  const std::string id = expect_matches(response, entry);
  auto scores = client().Get(("/api/attention/" + id + "/scores").c_str(), accept);
  ASSERT_TRUE(scores);
  EXPECT_FALSE(scores->has_header("Content-Encoding"));
}

TEST_F(ExplorerServerTest, SentencePairMarksSegmentB) {
  const auto body =
      nlohmann::json{{"model", "tiny-bert"}, {"text", "the cat sat"}, {"text_pair", "it slept"}};
  auto response = post(body.dump());
  ASSERT_TRUE(response);
  ASSERT_EQ(response->status, 200) << response->body;
  const auto json = nlohmann::json::parse(response->body);
  EXPECT_EQ(json["text_pair"], "it slept");
  std::vector<std::string> pieces;
  std::vector<int> segments;
  for (const auto& token : json["tokens"]) {
    pieces.push_back(token["piece"]);
    segments.push_back(token["segment"]);
  }
  ASSERT_EQ(std::count(pieces.begin(), pieces.end(), "[SEP]"), 2);
  const auto sep = std::find(pieces.begin(), pieces.end(), "[SEP]") - pieces.begin();
  EXPECT_GE(sep, 4);
  EXPECT_EQ(pieces.back(), "[SEP]");
  // [CLS] A [SEP] is segment 0, B [SEP] segment 1, like BERT's token_type_ids.
  for (std::size_t i = 0; i < segments.size(); ++i) {
    EXPECT_EQ(segments[i], static_cast<std::ptrdiff_t>(i) > sep ? 1 : 0) << i << " " << pieces[i];
  }
}

TEST_F(ExplorerServerTest, WordLevelResultsMergeTheTokenOnes) {
  const std::string text = "An unaffordable house.";
  auto tokens = post(nlohmann::json{{"model", "tiny-bert"}, {"text", text}}.dump());
  ASSERT_TRUE(tokens);
  ASSERT_EQ(tokens->status, 200) << tokens->body;
  const auto token_json = nlohmann::json::parse(tokens->body);
  const int n = token_json["n"];
  const auto token_layer =
      binary_part("/api/attention/" + token_json["id"].get<std::string>() + "/layer/1");
  // The words as spans of the text, and each one's pieces found here from the token offsets.
  const std::vector<std::pair<int, int>> spans = {{0, 2}, {3, 15}, {16, 21}, {21, 22}};
  std::vector<std::vector<int>> pieces(spans.size());
  for (int t = 0; t < n; ++t) {
    const auto& token = token_json["tokens"][t];
    for (std::size_t w = 0; w < spans.size(); ++w)
      if (!token["special"] && token["start"] >= spans[w].first && token["start"] < spans[w].second)
        pieces[w].push_back(t);
  }
  ASSERT_EQ(pieces[1].size(), 4u) << "una ##ff ##ord ##able";
  const int words = static_cast<int>(spans.size());
  for (const std::string from : {"mean", "first"}) {
    auto response = post(nlohmann::json{
        {"model", "tiny-bert"},
        {"text", text},
        {"words", true},
        {"from_word", from},
        {"layer", 1},
        {"head", 2}}.dump());
    ASSERT_TRUE(response);
    ASSERT_EQ(response->status, 200) << response->body;
    const auto json = nlohmann::json::parse(response->body);
    EXPECT_EQ(json["words"], true);
    EXPECT_EQ(json["from_word"], from);
    ASSERT_EQ(json["n"], words);
    std::vector<std::string> labels;
    for (const auto& token : json["tokens"]) labels.push_back(token["display"]);
    EXPECT_EQ(labels, (std::vector<std::string>{"An", "unaffordable", "house", "."}));
    // The same head, at word level: rows from the first piece or the mean of the pieces' rows,
    // columns summed over the pieces; and the layer fetched later by id is over words too.
    const auto layer = binary_part("/api/attention/" + json["id"].get<std::string>() + "/layer/1");
    ASSERT_EQ(layer.size(), static_cast<std::size_t>(GoldenEntry::kHeads * words * words));
    for (int head = 0; head < GoldenEntry::kHeads; ++head) {
      std::vector<float> expected;
      for (int q = 0; q < words; ++q)
        for (int k = 0; k < words; ++k) {
          const std::size_t rows = from == "first" ? 1 : pieces[q].size();
          double sum = 0;
          for (std::size_t r = 0; r < rows; ++r)
            for (int key : pieces[k])
              sum += token_layer[(static_cast<std::size_t>(head) * n + pieces[q][r]) * n + key];
          expected.push_back(static_cast<float>(sum / rows));
        }
      const std::vector<float> got(layer.begin() + head * words * words,
                                   layer.begin() + (head + 1) * words * words);
      EXPECT_LE(max_abs_diff(got, expected), 1e-6) << from << " head " << head;
      if (head == 2) {
        const std::string first = base64_decode(json["first"]["base64"].get<std::string>());
        EXPECT_LE(max_abs_diff(floats_of(first), expected), 1e-6) << from;
      }
    }
  }
}

TEST_F(ExplorerServerTest, OnlyTheLastResultsAreKept) {
  const GoldenEntry& entry = golden_->front();
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < CacheLimits{}.max_entries + 1; ++i) {
    ids.push_back(expect_matches(post(request_for(entry)), entry));
  }
  expect_refused(get("/api/attention/" + ids.front() + "/layer/0"), 404, "an evicted result");
  EXPECT_LE(max_abs_diff(binary_part("/api/attention/" + ids.back() + "/layer/0"), entry.layer(0)),
            1e-5);
}

TEST_F(ExplorerServerTest, BadRequestsGetTheirStatus) {
  const std::string long_text = [] {
    std::string text;
    for (int i = 0; i < 300; ++i) text += "word ";
    return text;
  }();
  const struct {
    std::string what;
    std::string body;
    int status;
  } cases[] = {
      {"malformed JSON", R"({"model": "tiny-bert", "text": )", 400},
      {"not an object", R"(["tiny-bert", "text"])", 400},
      {"missing model", R"({"text": "hello"})", 400},
      {"missing text", R"({"model": "tiny-bert"})", 400},
      {"text not a string", R"({"model": "tiny-bert", "text": 42})", 400},
      {"bos not a boolean", R"({"model": "tiny-gpt2", "text": "hi", "bos": "yes"})", 400},
      {"invalid UTF-8", "{\"model\": \"tiny-bert\", \"text\": \"caf\xe9\"}", 400},
      {"unknown model", R"({"model": "../tiny-bert", "text": "hello"})", 404},
      {"empty text", R"({"model": "tiny-bert", "text": ""})", 400},
      {"blank text", R"({"model": "tiny-gpt2", "text": "  \n\t "})", 400},
      {"pair for GPT-2", R"({"model": "tiny-gpt2", "text": "a", "text_pair": "b"})", 400},
      {"words not a boolean", R"({"model": "tiny-bert", "text": "a", "words": 1})", 400},
      {"unknown from_word",
       R"({"model": "tiny-bert", "text": "a", "words": true, "from_word": "last"})", 400},
      {"from_word without words", R"({"model": "tiny-bert", "text": "a", "from_word": "first"})",
       400},
      {"no word to show", R"({"model": "tiny-bert", "text": "[SEP]", "words": true})", 422},
      {"first layer beyond the model", R"({"model": "tiny-bert", "text": "a", "layer": 3})", 400},
      {"first head beyond the model", R"({"model": "tiny-bert", "text": "a", "head": 4})", 400},
      {"negative layer", R"({"model": "tiny-bert", "text": "a", "layer": -1})", 400},
      {"layer beyond int", R"({"model": "tiny-bert", "text": "a", "layer": 99999999999})", 400},
      {"layer not a number", R"({"model": "tiny-bert", "text": "a", "layer": "2"})", 400},
      {"over-long text", nlohmann::json{{"model", "tiny-bert"}, {"text", long_text}}.dump(), 413},
      {"over-long text (GPT-2)", nlohmann::json{{"model", "tiny-gpt2"}, {"text", long_text}}.dump(),
       413},
      {"text over the byte limit",
       nlohmann::json{{"model", "tiny-bert"}, {"text", std::string(70000, 'a')}}.dump(), 413},
  };
  for (const auto& c : cases) expect_refused(post(c.body), c.status, c.what);
}

TEST_F(ExplorerServerTest, BadIdsAndIndicesAreRefused) {
  const GoldenEntry& entry = golden_->front();
  const std::string base = "/api/attention/" + expect_matches(post(request_for(entry)), entry);
  const struct {
    std::string path;
    int status;
  } cases[] = {
      {"/api/attention/0123456789abcdef/layer/0", 404},
      {"/api/attention/0123456789abcdef", 404},
      {"/api/attention/nothing/scores", 404},
      {"/api/attention/%2e%2e/thumbnails", 404},
      {base + "/layer/3", 404},
      {base + "/layer/3/head/0", 404},
      {base + "/layer/0/head/4", 404},
      {base + "/token/14", 404},
      {base + "/layer/-1", 400},
      {base + "/layer/x/head/0", 400},
      {base + "/layer/0/head/1.5", 400},
      {base + "/token/99999999999999999999", 400},
      {base + "/layer/0/head/0/more", 404},
      {base + "/nothing", 404},
  };
  for (const auto& c : cases) expect_refused(get(c.path), c.status, c.path);
}

// The neuron view's query and key vectors: a layer's [2][H][n][dh], whose scaled softmax (masked
// for GPT-2) is the golden attention of every head, for BERT, GPT-2 with <|endoftext|> (the text
// is encoded again as the result was) and a sentence pair; bad layers, ids and word-level
// results are refused and the server keeps serving.
TEST_F(ExplorerServerTest, QueryKeyVectorsGiveTheKeptAttention) {
  for (const nlohmann::json& request :
       {nlohmann::json{{"model", "tiny-bert"}, {"text", golden_->front().text}},
        nlohmann::json{{"model", "tiny-gpt2"}, {"text", "The cat sat."}, {"bos", true}},
        nlohmann::json{{"model", "tiny-bert"}, {"text", "A dog."}, {"text_pair", "It ran."}}}) {
    SCOPED_TRACE(request.dump());
    auto answer = post(request.dump());
    ASSERT_TRUE(answer);
    ASSERT_EQ(answer->status, 200) << answer->body;
    const auto header = nlohmann::json::parse(answer->body);
    const std::string base = "/api/attention/" + header["id"].get<std::string>();
    const int n = header["n"], H = GoldenEntry::kHeads, dh = 16;
    const bool causal = request["model"] == "tiny-gpt2";
    for (int layer = 0; layer < GoldenEntry::kLayers; ++layer) {
      const auto vectors = binary_part(base + "/layer/" + std::to_string(layer) + "/query_key");
      ASSERT_EQ(vectors.size(), static_cast<std::size_t>(2) * H * n * dh);
      const auto kept = binary_part(base + "/layer/" + std::to_string(layer));
      double worst = 0;
      for (int h = 0; h < H; ++h)
        for (int i = 0; i < n; ++i) {
          const float* q = vectors.data() + (static_cast<std::size_t>(h) * n + i) * dh;
          const int visible = causal ? i + 1 : n;
          std::vector<double> p(visible);
          double sum = 0;
          for (int j = 0; j < visible; ++j) {
            const float* k = vectors.data() + (static_cast<std::size_t>(H + h) * n + j) * dh;
            double dot = 0;
            for (int d = 0; d < dh; ++d) dot += static_cast<double>(q[d]) * k[d];
            sum += (p[j] = std::exp(dot / std::sqrt(dh)));
          }
          for (int j = 0; j < n; ++j) {
            const double shown = j < visible ? p[j] / sum : 0;
            worst = std::max(worst,
                             std::abs(shown - kept[(static_cast<std::size_t>(h) * n + i) * n + j]));
          }
        }
      EXPECT_LE(worst, 1e-5) << "layer " << layer;
    }
    expect_refused(get(base + "/layer/3/query_key"), 404, "layer 3");
    expect_refused(get(base + "/layer/x/query_key"), 400, "layer x");
  }
  expect_refused(get("/api/attention/0123456789abcdef/layer/0/query_key"), 404, "unknown id");
  auto words =
      post(nlohmann::json{{"model", "tiny-bert"}, {"text", "A dog."}, {"words", true}}.dump());
  ASSERT_TRUE(words);
  const std::string id = nlohmann::json::parse(words->body)["id"];
  expect_refused(get("/api/attention/" + id + "/layer/0/query_key"), 400, "word level");
}

// Predictions: GPT-2's ten most likely next tokens at each position, led by Hugging Face's
// golden argmax; a BERT checkpoint without an MLM head is refused with the reason.
TEST_F(ExplorerServerTest, PredictionsAreTheLmHeadsTopTokens) {
  const auto golden = io::read_safetensors(test::golden_dir() / "golden_tiny.safetensors");
  const GoldenEntry* entry = nullptr;
  for (const auto& e : *golden_)
    if (e.model == "tiny-gpt2") entry = entry ? entry : &e;
  ASSERT_NE(entry, nullptr);
  const std::string id = expect_matches(post(request_for(*entry)), *entry);
  auto response = get("/api/attention/" + id + "/predictions");
  ASSERT_TRUE(response);
  ASSERT_EQ(response->status, 200) << response->body;
  const auto json = nlohmann::json::parse(response->body);
  EXPECT_TRUE(json["next_token"].get<bool>());
  const auto argmax = golden.to_i64("tiny-gpt2.0.next_token_argmax");
  ASSERT_EQ(json["positions"].size(), argmax.size());
  for (std::size_t t = 0; t < argmax.size(); ++t) {
    const auto& top = json["positions"][t];
    ASSERT_EQ(top.size(), 10u);
    EXPECT_EQ(top[0]["id"], argmax[t]) << "position " << t;
    double sum = 0;
    for (std::size_t i = 0; i < top.size(); ++i) {
      sum += top[i]["probability"].get<double>();
      if (i > 0)
        EXPECT_LE(top[i]["probability"].get<double>(), top[i - 1]["probability"].get<double>());
      EXPECT_FALSE(top[i]["label"].get<std::string>().empty());
    }
    EXPECT_LE(sum, 1.0 + 1e-6);
  }
  const std::string bert = expect_matches(post(request_for(golden_->front())), golden_->front());
  expect_refused(get("/api/attention/" + bert + "/predictions"), 400, "no MLM head");
  const std::string message =
      nlohmann::json::parse(get("/api/attention/" + bert + "/predictions")->body)["error"];
  EXPECT_NE(message.find("cls.predictions"), std::string::npos) << message;
  expect_refused(get("/api/attention/0123456789abcdef/predictions"), 404, "unknown id");
}

// A masked token runs as [MASK]; the change between the two results is each head's mean total
// variation distance, recomputed here from the layers fetched by id.
TEST_F(ExplorerServerTest, MaskingATokenAndTheChangeItMakes) {
  const std::string text = "The cat sat on the mat.";
  auto plain = post(nlohmann::json{{"model", "tiny-bert"}, {"text", text}}.dump());
  auto masked = post(nlohmann::json{{"model", "tiny-bert"}, {"text", text}, {"mask", {2}}}.dump());
  ASSERT_TRUE(plain && masked);
  ASSERT_EQ(masked->status, 200) << masked->body;
  const auto a = nlohmann::json::parse(plain->body);
  const auto b = nlohmann::json::parse(masked->body);
  EXPECT_EQ(b["masked"], nlohmann::json({2}));
  EXPECT_EQ(b["tokens"][2]["piece"], "[MASK]");
  EXPECT_EQ(b["tokens"][2]["id"], 103);
  EXPECT_EQ(a["tokens"][3]["id"], b["tokens"][3]["id"]);
  const std::string ida = a["id"], idb = b["id"];
  auto change = get("/api/attention/" + ida + "/change/" + idb);
  ASSERT_TRUE(change);
  ASSERT_EQ(change->status, 200) << change->body;
  const auto grid = nlohmann::json::parse(change->body)["total_variation"];
  ASSERT_EQ(grid.size(), 3u);
  const int n = a["n"];
  double largest = 0;
  for (int l = 0; l < 3; ++l) {
    const auto x = binary_part("/api/attention/" + ida + "/layer/" + std::to_string(l));
    const auto y = binary_part("/api/attention/" + idb + "/layer/" + std::to_string(l));
    ASSERT_EQ(grid[l].size(), 4u);
    for (int h = 0; h < 4; ++h) {
      double sum = 0;
      for (int i = 0; i < n * n; ++i) sum += std::abs(x[h * n * n + i] - y[h * n * n + i]);
      EXPECT_NEAR(grid[l][h].get<double>(), 0.5 * sum / n, 1e-9);
      largest = std::max(largest, grid[l][h].get<double>());
    }
  }
  EXPECT_GT(largest, 0.01) << "masking a word changes some head";
  auto same = get("/api/attention/" + ida + "/change/" + ida);
  ASSERT_TRUE(same);
  EXPECT_EQ(nlohmann::json::parse(same->body)["total_variation"][0][0], 0.0);

  const struct {
    nlohmann::json request;
    int status;
  } refusals[] = {
      {{{"model", "tiny-gpt2"}, {"text", text}, {"mask", {1}}}, 422},  // GPT-2 has no [MASK]
      {{{"model", "tiny-bert"}, {"text", text}, {"mask", {0}}}, 422},  // [CLS]
      {{{"model", "tiny-bert"}, {"text", text}, {"mask", {99}}}, 422},
      {{{"model", "tiny-bert"}, {"text", text}, {"mask", "2"}}, 400},
      {{{"model", "tiny-bert"}, {"text", text}, {"mask", {-1}}}, 400},
  };
  for (const auto& r : refusals) expect_refused(post(r.request.dump()), r.status, r.request.dump());
  auto other = post(nlohmann::json{{"model", "tiny-bert"}, {"text", "A dog."}}.dump());
  const std::string idc = nlohmann::json::parse(other->body)["id"];
  expect_refused(get("/api/attention/" + ida + "/change/" + idc), 400, "different lengths");
  expect_refused(get("/api/attention/" + ida + "/change/nothing"), 404, "unknown other");
}

TEST_F(ExplorerServerTest, OversizedBodyIsRefused) {
  const std::string body =
      nlohmann::json{{"model", "tiny-bert"}, {"text", std::string(2 * 1024 * 1024, 'a')}}.dump();
  expect_refused(post(body), 413, "2 MiB body");
}

TEST_F(ExplorerServerTest, StaticRoutesRefuseTraversal) {
  expect_refused(client().Get("/assets/../../etc/passwd"), 400, "../ in an asset path");
  expect_refused(client().Get("/assets/%2e%2e%2fCMakeLists.txt"), 400, "encoded ../");
  expect_refused(client().Get("/assets/.hidden"), 400, "dot file");
  expect_refused(client().Get("/assets/nothing.js"), 404, "unknown asset");
  expect_refused(client().Get("/etc/passwd"), 404, "unknown route");
  expect_refused(client().Get("/api/attention"), 404, "GET on a POST route");
}

TEST_F(ExplorerServerTest, TwoHundredSequentialRequests) {
  auto c = client();
  c.set_keep_alive(true);
  for (int i = 0; i < 200; ++i) {
    const GoldenEntry& entry = (*golden_)[i % golden_->size()];
    const int layer = i % GoldenEntry::kLayers;
    const int head = i % GoldenEntry::kHeads;
    expect_matches(c.Post("/api/attention", request_for(entry, layer, head), "application/json"),
                   entry, layer, head);
  }
}

TEST_F(ExplorerServerTest, TwentyConcurrentRequests) {
  std::vector<std::optional<httplib::Result>> responses(20);
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back(
        [&, i] { responses[i].emplace(post(request_for((*golden_)[i % golden_->size()]))); });
  }
  for (auto& thread : threads) thread.join();
  for (int i = 0; i < 20; ++i) expect_matches(*responses[i], (*golden_)[i % golden_->size()]);
}

TEST_F(ExplorerServerTest, APortInUseIsRefused) {
  ExplorerServer second(*api_, {.host = "127.0.0.1", .port = port_});
  try {
    second.bind();
    FAIL() << "a second server bound port " << port_ << ", which is already serving";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("may be in use"), std::string::npos) << e.what();
  }
  auto alive = client().Get("/api/models");
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->status, 200);
}

// serve checks the port before loading its models; the check keeps nothing bound.
TEST_F(ExplorerServerTest, APortInUseIsFoundBeforeAnyServerExists) {
  try {
    check_port_free({.host = "127.0.0.1", .port = port_});
    FAIL() << "port " << port_ << " is serving, yet the check found it free";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("may be in use"), std::string::npos) << e.what();
  }
  // A port the kernel just handed out and let go: free, and still free after two checks.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  ::close(fd);
  const ServeOptions free_port{.host = "127.0.0.1", .port = ntohs(address.sin_port)};
  EXPECT_NO_THROW(check_port_free(free_port));
  EXPECT_NO_THROW(check_port_free(free_port));
  ExplorerServer server(*api_, free_port);
  EXPECT_EQ(server.bind(), free_port.port);
}

// The answer is a 403 whose one-line error says what it refused.
void expect_forbidden(const RawConnection::Received& response, const std::string& why,
                      const std::string& what) {
  EXPECT_EQ(response.status(), 403) << what << ": " << response.bytes;
  const auto json = nlohmann::json::parse(response.body(), nullptr, false);
  ASSERT_TRUE(json.is_object() && json.contains("error")) << what << ": " << response.bytes;
  EXPECT_NE(json["error"].get<std::string>().find(why), std::string::npos) << json["error"];
}

// DNS rebinding: a page whose own name now resolves to 127.0.0.1 sends its name as Host.
TEST_F(ExplorerServerTest, AForeignHostIsRefusedOnEveryRoute) {
  const std::string text = R"({"model": "tiny-bert", "text": "the cat"})";
  expect_forbidden(raw_post("Host: evil.example.com\r\nContent-Type: text/plain\r\n", text),
                   "Host 'evil.example.com'", "POST with a foreign Host");
  for (const std::string& path : std::vector<std::string>{"/", "/assets/app.js", "/api/models"}) {
    for (const std::string& foreign :
         std::vector<std::string>{"evil.example.com:" + std::to_string(port_),
                                  "127.0.0.1:" + std::to_string(port_ + 1), "localhost"}) {
      RawConnection connection(port_);
      connection.send("GET " + path + " HTTP/1.1\r\nHost: " + foreign + "\r\n\r\n");
      expect_forbidden(connection.receive(std::chrono::seconds(10)), "Host '" + foreign + "'",
                       "GET " + path + " for " + foreign);
    }
  }
  RawConnection no_host(port_);
  no_host.send("GET /api/models HTTP/1.1\r\n\r\n");
  expect_forbidden(no_host.receive(std::chrono::seconds(10)), "no Host", "no Host header");
}

TEST_F(ExplorerServerTest, ThisMachinesNamesForTheServerAreAccepted) {
  for (const std::string& own : std::vector<std::string>{
           host(), "localhost:" + std::to_string(port_), "LocalHost:" + std::to_string(port_),
           "[::1]:" + std::to_string(port_)}) {
    RawConnection connection(port_);
    connection.send("GET /api/models HTTP/1.1\r\nHost: " + own + "\r\n\r\n");
    const auto response = connection.receive(std::chrono::seconds(10));
    EXPECT_EQ(response.status(), 200) << own << ": " << response.bytes;
    EXPECT_EQ(response.body(), R"(["tiny-bert","tiny-gpt2"])") << own;
  }
}

// A "text/plain" POST needs no CORS preflight, so any page could have had it computed.
TEST_F(ExplorerServerTest, CrossOriginPostsAreRefusedAndTheOwnPagesServed) {
  const GoldenEntry& entry = golden_->front();
  const std::string own_host = "Host: " + host() + "\r\nContent-Type: text/plain\r\n";
  for (const std::string& origin : std::vector<std::string>{
           "http://evil.example.com", "null", "https://127.0.0.1:" + std::to_string(port_),
           "http://127.0.0.1:" + std::to_string(port_ + 1)}) {
    expect_forbidden(raw_post(own_host + "Origin: " + origin + "\r\n", request_for(entry)),
                     "'" + origin + "'", "Origin " + origin);
  }
  // The page's own fetches carry its origin; curl and same-origin GETs carry none.
  for (const std::string& origin : std::vector<std::string>{
           "Origin: http://" + host() + "\r\n",
           "Origin: http://localhost:" + std::to_string(port_) + "\r\n", std::string()}) {
    const auto response = raw_post(own_host + origin, request_for(entry));
    ASSERT_EQ(response.status(), 200) << origin << response.bytes;
    EXPECT_EQ(nlohmann::json::parse(response.body())["n"], entry.n()) << origin;
  }
  httplib::Headers own_origin = {{"Origin", "http://" + host()}};
  auto page = client().Get("/", own_origin);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("\"mode\":\"server\""), std::string::npos);
}

TEST_F(ExplorerServerTest, ANameGivenAsHostIsAccepted) {
  // --host localhost: the name it was given, in Host and in the page's Origin.
  ScopedServer named(*api_, {.host = "localhost", .port = 0});
  httplib::Client client("localhost", named.port());
  auto response = client.Post("/api/attention",
                              {{"Origin", "http://localhost:" + std::to_string(named.port())}},
                              request_for(golden_->front()), "text/plain");
  ASSERT_TRUE(response) << httplib::to_string(response.error());
  EXPECT_EQ(response->status, 200) << response->body;
}

// 60 KB texts of new words, each too many tokens: they were refused, but every word stayed in
// the tokenizer's cache (+60 MB for 300 of them).
TEST_F(ExplorerServerTest, RefusedTextsLeaveNoMemoryBehind) {
  std::mt19937 random(11);
  std::uniform_int_distribution<int> letter('a', 'z');
  const auto refused_text = [&] {
    std::string text;
    while (text.size() + 1001 < 60000) {
      text += ' ';
      for (int i = 0; i < 1000; ++i) text += static_cast<char>(letter(random));
    }
    const auto response = post(nlohmann::json{{"model", "tiny-gpt2"}, {"text", text}}.dump());
    ASSERT_TRUE(response);
    ASSERT_EQ(response->status, 413) << response->body;
  };
  // The first ones fill the word cache (16 MiB, ~180 KB a text) to its bound at least once.
  for (int i = 0; i < 120; ++i) refused_text();
  const std::size_t before = resident_bytes();
  for (int i = 0; i < 240; ++i) refused_text();
  const std::size_t after = resident_bytes();
  std::cout << "resident memory after 120 refused texts " << before / 1e6 << " MB, after 360 "
            << after / 1e6 << " MB\n";
  EXPECT_LT(after, before + (std::size_t{20} << 20));
}

// The body limit held only for a declared Content-Length: a chunked body was read whole (512
// MiB, 1.29 GB at the peak) and then refused.
TEST_F(ExplorerServerTest, AChunkedBodyOverTheLimitIsRefusedBeforeItEnds) {
  RawConnection connection(port_);
  const std::size_t limit = ServeOptions{}.max_body_bytes;
  // One chunk of 4 MiB announced, one byte more than the limit sent, and no more: a server
  // that reads to the end would wait for the rest and answer nothing useful.
  ASSERT_TRUE(connection.send("POST /api/attention HTTP/1.1\r\nHost: " + host() +
                              "\r\nTransfer-Encoding: chunked\r\n\r\n400000\r\n" +
                              std::string(limit + 1, 'a')));
  const auto start = Clock::now();
  const auto response = connection.receive(std::chrono::seconds(30));
  EXPECT_EQ(response.status(), 413) << response.bytes.substr(0, 300);
  EXPECT_NE(response.body().find("larger than the limit"), std::string::npos) << response.body();
  EXPECT_NE(response.bytes.find("Connection: close"), std::string::npos);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(4)) << "answered only when reads timed out";
  auto alive = client().Get("/api/models");
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->status, 200);
}

TEST_F(ExplorerServerTest, AChunkedBodyWithinTheLimitIsServed) {
  const GoldenEntry& entry = golden_->front();
  const std::string body = request_for(entry);
  const std::size_t half = body.size() / 2;
  const auto hex = [](std::size_t n) {
    char text[32];
    std::snprintf(text, sizeof text, "%zx", n);
    return std::string(text);
  };
  RawConnection connection(port_);
  connection.send("POST /api/attention HTTP/1.1\r\nHost: " + host() +
                  "\r\nTransfer-Encoding: chunked\r\n\r\n" + hex(half) + "\r\n" +
                  body.substr(0, half) + "\r\n" + hex(body.size() - half) + "\r\n" +
                  body.substr(half) + "\r\n0\r\n\r\n");
  const auto response = connection.receive(std::chrono::seconds(30));
  ASSERT_EQ(response.status(), 200) << response.bytes.substr(0, 300);
  const auto json = nlohmann::json::parse(response.body());
  EXPECT_EQ(json["n"], entry.n());
  EXPECT_EQ(json["tokens"][1]["id"], entry.ids[1]);
}

// Clients that send their headers a byte every tenth of a second, until told to stop.
class Tricklers {
 public:
  Tricklers(int port, int count) {
    for (int i = 0; i < count; ++i) {
      threads_.emplace_back([this, port] {
        RawConnection connection(port);
        const std::string headers = "GET /api/models HTTP/1.1\r\nX-Slow: " + std::string(9000, 'a');
        for (char byte : headers) {
          if (stop_ || !connection.send(std::string(1, byte))) return;
          ++bytes_sent_;
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
      });
    }
    while (bytes_sent_ < 2 * count) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~Tricklers() {
    stop_ = true;
    for (auto& thread : threads_) thread.join();
  }

 private:
  std::atomic<bool> stop_ = false;
  std::atomic<int> bytes_sent_ = 0;
  std::vector<std::thread> threads_;
};

// httplib's 8 threads waited 5 s for each byte: 8 clients trickling headers stalled all others.
TEST_F(ExplorerServerTest, SlowClientsDoNotHoldUpOthers) {
  for (int slow : {8, 16}) {
    const Tricklers tricklers(port_, slow);
    auto c = client();
    c.set_read_timeout(5, 0);
    const auto start = Clock::now();
    auto response = c.Get("/api/models");
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    ASSERT_TRUE(response) << slow << " slow clients held up a request: "
                          << httplib::to_string(response.error());
    EXPECT_EQ(response->status, 200);
    std::cout << "with " << slow << " slow clients a request took " << ms << " ms\n";
  }
}

TEST_F(ExplorerServerTest, ARequestThatTakesTooLongIsCutOff) {
  ScopedServer strict(*api_,
                      {.host = "127.0.0.1", .port = 0, .request_time = std::chrono::seconds(1)});
  RawConnection connection(strict.port());
  std::atomic<bool> cut = false;
  std::thread trickle([&] {
    for (char byte : "GET /api/models HTTP/1.1\r\nX-Slow: " + std::string(9000, 'a')) {
      if (cut || !connection.send(std::string(1, byte))) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  const auto start = Clock::now();
  const auto received = connection.receive(std::chrono::seconds(8));
  cut = true;
  trickle.join();
  EXPECT_TRUE(received.closed) << "the connection was still open after 8 s";
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
}

TEST(LoopbackHost, OnlyThisMachinesAddressesAreLoopback) {
  for (const char* host : {"127.0.0.1", "127.1.2.3", "localhost", "::1"}) {
    EXPECT_TRUE(is_loopback_host(host)) << host;
  }
  for (const char* host : {"0.0.0.0", "192.168.1.10", "::", "example.org", ""}) {
    EXPECT_FALSE(is_loopback_host(host)) << host;
  }
}

}  // namespace
}  // namespace attnscope::web
