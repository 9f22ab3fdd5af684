#include "web/explorer_server.hpp"

#include <arpa/inet.h>
#include <httplib.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "core/error.hpp"
#include "web/bounded_server.hpp"
#include "web/embedded_assets.hpp"
#include "web/explorer_page.hpp"

namespace attnscope::web {

namespace {

// Moves the body: a whole 512-token BERT result is 200 MB, not worth a copy.
void send(httplib::Response& res, ApiResponse response) {
  res.status = response.status;
  res.body = std::move(response.body);
  res.set_header("Content-Type", response.content_type);
}

// The page links its scripts as assets/NAME; anything that could leave that flat folder is
// refused before the lookup, so no request reaches past the embedded files.
bool is_plain_asset_name(std::string_view name) {
  return !name.empty() && name.find("..") == std::string_view::npos &&
         name.find_first_of("/\\%:") == std::string_view::npos && name.front() != '.';
}

std::string error_message(int status, const httplib::Request& req, std::size_t max_body) {
  switch (status) {
    case 400:
      return "malformed request to " + req.path;
    case 404:
      return "no page or API route " + req.method + " " + req.path +
             "; the API is GET /api/models, POST /api/attention and GET /api/attention/ID/...";
    case 413:
      return "request body is larger than the limit of " + std::to_string(max_body) + " bytes";
    default:
      return "request to " + req.path + " failed with HTTP status " + std::to_string(status);
  }
}

// Chunk framing can double a body sent in tiny pieces; headers get 64 KiB.
ConnectionLimits connection_limits(const ServeOptions& options) {
  ConnectionLimits limits;
  limits.request_time = options.request_time;
  limits.request_bytes = 2 * options.max_body_bytes + 64 * 1024;
  return limits;
}

std::optional<std::string_view> header(const httplib::Request& req, const char* name) {
  const auto it = req.headers.find(name);
  if (it == req.headers.end()) return std::nullopt;
  return it->second;
}

}  // namespace

bool is_loopback_host(std::string_view host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  in_addr address{};
  const std::string text(host);
  return inet_pton(AF_INET, text.c_str(), &address) == 1 && (ntohl(address.s_addr) >> 24) == 127;
}

ExplorerServer::ExplorerServer(const ExplorerApi& api, ServeOptions options)
    : api_(api),
      options_(std::move(options)),
      server_(std::make_unique<BoundedServer>(connection_limits(options_))) {
  // A body with a Content-Length over the limit is skipped, never kept (and read only within
  // the request's byte budget); a chunked one is counted as it comes, in
  // receive_attention_request.
  server_->set_payload_max_length(options_.max_body_bytes);
  // httplib's default, SO_REUSEPORT, would let a second server bind a port already serving and
  // split the connections between them; SO_REUSEADDR only rebinds past TIME_WAIT. TCP_NODELAY,
  // which accepted connections inherit: httplib writes a response's headers and body
  // separately, and Nagle would hold the body until the client's delayed ACK (40 ms).
  server_->set_socket_options([this](int socket) {
    const int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    listen_socket_ = socket;
  });
  add_routes();
}

ExplorerServer::~ExplorerServer() = default;

void ExplorerServer::add_routes() {
  auto& server = *server_;
  server.set_default_headers(
      {{"X-Content-Type-Options", "nosniff"}, {"Cache-Control", "no-store"}});

  // Every route, the page too, before any body is read.
  server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    const auto refusal = origins_->refusal(req.get_header_value("Host"), header(req, "Origin"));
    if (!refusal) return httplib::Server::HandlerResponse::Unhandled;
    send(res, json_error(403, *refusal));
    return httplib::Server::HandlerResponse::Handled;
  });

  const auto page = [](const httplib::Request&, httplib::Response& res) {
    res.set_content(served_page(), "text/html; charset=utf-8");
  };
  server.Get("/", page);
  server.Get("/index.html", page);

  server.Get(R"(/assets/(.*))", [](const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1];
    if (!is_plain_asset_name(name)) {
      return send(res, json_error(400, "asset path '" + name +
                                           "' leaves the assets folder; ask for assets/NAME"));
    }
    const RawAsset* asset = find_asset(name);
    if (asset == nullptr) return send(res, json_error(404, "no asset called '" + name + "'"));
    res.set_content(std::string(asset->bytes), std::string(content_type_for(name)).c_str());
  });

  server.Get("/api/models",
             [this](const httplib::Request&, httplib::Response& res) { send(res, api_.models()); });

  server.Post("/api/attention", [this](const httplib::Request& req, httplib::Response& res,
                                       const httplib::ContentReader& read) {
    receive_attention_request(req, res, read);
  });

  // A kept result's parts; the API checks the id and indices, so every segment matches here.
  const std::string result = R"(/api/attention/([^/]+))";
  const auto route = [&](const std::string& pattern, auto call) {
    server.Get(result + pattern, [this, call](const httplib::Request& req, httplib::Response& res) {
      send(res, call(api_, req.matches));
    });
  };
  route("", [](const ExplorerApi& api, const httplib::Match& m) { return api.result(m.str(1)); });
  route("/scores",
        [](const ExplorerApi& api, const httplib::Match& m) { return api.scores(m.str(1)); });
  route("/thumbnails",
        [](const ExplorerApi& api, const httplib::Match& m) { return api.thumbnails(m.str(1)); });
  route("/layer/([^/]+)", [](const ExplorerApi& api, const httplib::Match& m) {
    return api.layer(m.str(1), m.str(2));
  });
  route("/layer/([^/]+)/head/([^/]+)", [](const ExplorerApi& api, const httplib::Match& m) {
    return api.head(m.str(1), m.str(2), m.str(3));
  });
  route("/predictions",
        [](const ExplorerApi& api, const httplib::Match& m) { return api.predictions(m.str(1)); });
  route("/change/([^/]+)", [](const ExplorerApi& api, const httplib::Match& m) {
    return api.change(m.str(1), m.str(2));
  });
  route("/layer/([^/]+)/query_key", [](const ExplorerApi& api, const httplib::Match& m) {
    return api.query_key(m.str(1), m.str(2));
  });
  route("/token/([^/]+)", [](const ExplorerApi& api, const httplib::Match& m) {
    return api.token(m.str(1), m.str(2));
  });

  // httplib's own refusals (unknown route, body over the limit) get the same JSON errors.
  server.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    send(res, json_error(res.status, error_message(res.status, req, options_.max_body_bytes)));
  });
  server.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
        std::string what = "unknown error";
        try {
          std::rethrow_exception(error);
        } catch (const std::bad_alloc&) {
          what = "out of memory; try a shorter text";
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        send(res, json_error(500, "internal error on " + req.path + ": " + what));
      });
}

void ExplorerServer::receive_attention_request(const httplib::Request& req, httplib::Response& res,
                                               const httplib::ContentReader& read) const {
  std::string body;
  bool over_limit = false;
  const bool received = read([&](const char* data, std::size_t size) {
    over_limit = body.size() + size > options_.max_body_bytes;
    if (!over_limit) body.append(data, size);
    return !over_limit;
  });
  if (!received) {
    // httplib has set 413 for a Content-Length over the limit, 400 for a broken body.
    const int status = over_limit ? 413 : res.status;
    return send(res, json_error(status, error_message(status, req, options_.max_body_bytes)));
  }
  send(res, api_.attention(body));
}

namespace {

Error port_error(const ServeOptions& options) {
  return Error("cannot listen on " + options.host + ":" + std::to_string(options.port) +
               "; the port may be in use: pick another with --port (0 picks a free one)");
}

}  // namespace

void check_port_free(const ServeOptions& options) {
  if (options.port == 0) return;
  // Bound the way httplib binds (SO_REUSEADDR, the first of the host's addresses that takes
  // it), then closed at once.
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (::getaddrinfo(options.host.c_str(), std::to_string(options.port).c_str(), &hints, &found) !=
      0)
    throw port_error(options);
  bool bound = false;
  for (const addrinfo* address = found; address && !bound; address = address->ai_next) {
    const int fd = ::socket(address->ai_family, address->ai_socktype, address->ai_protocol);
    if (fd < 0) continue;
    const int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    bound = ::bind(fd, address->ai_addr, address->ai_addrlen) == 0;
    ::close(fd);
  }
  ::freeaddrinfo(found);
  if (!bound) throw port_error(options);
}

int ExplorerServer::bind() {
  port_ = options_.port == 0
              ? server_->bind_to_any_port(options_.host)
              : (server_->bind_to_port(options_.host, options_.port) ? options_.port : -1);
  if (port_ < 0) throw port_error(options_);
  // Debian's httplib listens with a backlog of 5. When more connections arrive at once than the
  // accept thread takes (20 concurrent requests on a busy 2-core machine), the kernel answers
  // the rest with SYN cookies and drops their handshakes; some are then reset and the client
  // sees the connection close with no response. Listening again only enlarges the backlog.
  if (::listen(listen_socket_, SOMAXCONN) != 0) {
    throw Error("cannot listen on " + url() + ": " + std::strerror(errno));
  }
  origins_.emplace(options_.host, port_);
  return port_;
}

void ExplorerServer::run() {
  if (!server_->listen_after_bind()) {
    throw Error("the explorer server stopped unexpectedly on " + url());
  }
}

void ExplorerServer::stop() {
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  server_->stop();
}

std::string ExplorerServer::url() const {
  const bool ipv6 = options_.host.find(':') != std::string::npos;
  const std::string host = ipv6 ? "[" + options_.host + "]" : options_.host;
  return "http://" + host + ":" + std::to_string(port_) + "/";
}

}  // namespace attnscope::web
