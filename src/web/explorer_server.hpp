#pragma once
// The explorer over HTTP (cpp-httplib): the page and its assets, and the JSON API.
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "web/allowed_origins.hpp"
#include "web/explorer_api.hpp"

namespace httplib {
class Server;
class ContentReader;
struct Request;
struct Response;
}  // namespace httplib

namespace attnscope::web {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                           // 0 picks a free port
  std::size_t max_body_bytes = 1024 * 1024;  // chunked bodies too
  // A request must arrive whole within this from its first byte, or its connection is closed.
  std::chrono::milliseconds request_time{10000};
};

// 127.0.0.1, ::1, localhost and the rest of 127.0.0.0/8: only this machine can connect.
bool is_loopback_host(std::string_view host);

// Throws the same Error as ExplorerServer::bind when options.port (not 0) cannot be bound on
// options.host now: serve checks before spending minutes loading its models.
void check_port_free(const ServeOptions& options);

class ExplorerServer {
 public:
  ExplorerServer(const ExplorerApi& api, ServeOptions options);
  ~ExplorerServer();
  ExplorerServer(const ExplorerServer&) = delete;
  ExplorerServer& operator=(const ExplorerServer&) = delete;

  // Binds the socket; throws Error when the address or port cannot be used. Returns the port.
  int bind();
  // Serves until stop() (from another thread or a signal handler's thread).
  void run();
  // Stops run(), once it has started: a signal may come just before it does.
  void stop();
  std::string url() const;

 private:
  void add_routes();
  void receive_attention_request(const httplib::Request& req, httplib::Response& res,
                                 const httplib::ContentReader& read) const;

  const ExplorerApi& api_;
  ServeOptions options_;
  int port_ = 0;
  int listen_socket_ = -1;
  std::optional<AllowedOrigins> origins_;  // known once bound
  std::unique_ptr<httplib::Server> server_;
};

}  // namespace attnscope::web
