// The explorer's HTTP API end to end on the tiny fixture models: results equal Hugging Face's
// golden attentions, every bad input gets its 4xx with a one-line JSON error, and the server
// keeps serving through bad input, 200 sequential and 20 concurrent requests.
#include "web/explorer_server.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "core/base64.hpp"
#include "core/error.hpp"
#include "io/json_file.hpp"
#include "io/safetensors.hpp"
#include "support/fixtures.hpp"
#include "web/attention_payload.hpp"

namespace attnscope::web {
namespace {

struct GoldenEntry {
  std::string model;  // "tiny-bert"
  std::string text;
  std::vector<int64_t> ids;
  std::vector<float> attentions;  // [L][H][T][T]
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
    return client;
  }
  static httplib::Result post(const std::string& body) {
    return client().Post("/api/attention", body, "application/json");
  }
  static std::string request_for(const GoldenEntry& entry) {
    return nlohmann::json{{"model", entry.model}, {"text", entry.text}}.dump();
  }

  // The response is a correct result for `entry`: the golden ids, and attentions within the
  // tiny models' tolerance of Hugging Face's.
  static void expect_matches(const httplib::Result& response, const GoldenEntry& entry) {
    ASSERT_TRUE(response) << "no response (" << httplib::to_string(response.error()) << ") for "
                          << entry.text;
    ASSERT_EQ(response->status, 200) << response->body;
    const auto json = nlohmann::json::parse(response->body);
    EXPECT_EQ(json["model"], entry.model);
    const int n = json["n"];
    ASSERT_EQ(static_cast<std::size_t>(n), entry.ids.size()) << entry.text;
    for (int i = 0; i < n; ++i) EXPECT_EQ(json["tokens"][i]["id"], entry.ids[i]);
    EXPECT_EQ(json["attention"]["shape"], nlohmann::json({3, 4, n, n}));
    const auto values = floats_of(base64_decode(json["attention"]["base64"].get<std::string>()));
    EXPECT_LE(max_abs_diff(values, entry.attentions), 1e-5) << entry.model << ": " << entry.text;
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

TEST_F(ExplorerServerTest, EveryGoldenTextMatchesHuggingFace) {
  ASSERT_EQ(golden_->size(), 28u);
  for (const auto& entry : *golden_) expect_matches(post(request_for(entry)), entry);
}

TEST_F(ExplorerServerTest, BinaryFrameCarriesTheSameResult) {
  const GoldenEntry& entry = golden_->front();
  httplib::Headers accept = {{"Accept", std::string(kFrameMediaType)}};
  auto response = client().Post("/api/attention", accept, request_for(entry), "application/json");
  ASSERT_TRUE(response);
  ASSERT_EQ(response->status, 200);
  EXPECT_EQ(response->get_header_value("Content-Type"), kFrameMediaType);
  const std::string& frame = response->body;
  ASSERT_EQ(frame.substr(0, 4), "ATNS");
  uint32_t length = 0;
  std::memcpy(&length, frame.data() + 4, 4);
  const auto header = nlohmann::json::parse(frame.substr(8, length));
  EXPECT_EQ(header["n"], 14);
  const std::size_t offset = (8 + length + 3) / 4 * 4;
  EXPECT_LE(max_abs_diff(floats_of(frame.substr(offset)), entry.attentions), 1e-5);
  EXPECT_GT(header["timing"]["forward_ms"].get<double>(), 0.0);
  EXPECT_TRUE(header["scores"].contains("entropy"));
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
      {"over-long text", nlohmann::json{{"model", "tiny-bert"}, {"text", long_text}}.dump(), 413},
      {"over-long text (GPT-2)", nlohmann::json{{"model", "tiny-gpt2"}, {"text", long_text}}.dump(),
       413},
      {"text over the byte limit",
       nlohmann::json{{"model", "tiny-bert"}, {"text", std::string(70000, 'a')}}.dump(), 413},
  };
  for (const auto& c : cases) expect_refused(post(c.body), c.status, c.what);
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
    expect_matches(c.Post("/api/attention", request_for(entry), "application/json"), entry);
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
