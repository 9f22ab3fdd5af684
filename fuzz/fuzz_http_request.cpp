// libFuzzer target for the explorer server: each input is sent, as raw bytes on a fresh TCP
// connection, to a real ExplorerServer serving tiny-bert and tiny-gpt2 on 127.0.0.1, so it runs
// through cpp-httplib's request parsing (request line, headers, Content-Length and chunked
// bodies, keep-alive, the body limit) into the explorer's routes and its JSON API. The literal
// {id} in an input becomes the id of a result the server keeps, so the result routes are
// reachable. Never a crash, a sanitizer report or an exception that reaches the server's
// last-resort handler (an HTTP 500).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "web/explorer_api.hpp"  // and load_pretrained, from the stage that loads models
#include "web/explorer_server.hpp"

namespace {

constexpr std::string_view kIdPlaceholder = "{id}";
// The body the server's exception handler gives: only an escaped exception produces it.
constexpr std::string_view kInternalError = R"({"error":"internal error on )";

std::vector<attnscope::Pretrained> tiny_models() {
  const std::filesystem::path models =
      std::filesystem::path(ATTNSCOPE_SHARED_DIR) / "fixtures/models";
  std::vector<attnscope::Pretrained> loaded;
  for (const char* name : {"tiny-bert", "tiny-gpt2"})
    loaded.push_back(attnscope::load_pretrained((models / name).string()));
  return loaded;
}

// The server, started once for the whole run. A small body limit lets short inputs reach both
// sides of it.
class Explorer {
 public:
  Explorer()
      : api_(tiny_models()),
        server_(api_, {.host = "127.0.0.1", .port = 0, .max_body_bytes = 4096}),
        port_(server_.bind()),
        thread_([this] { server_.run(); }) {}
  ~Explorer() {
    server_.stop();
    thread_.join();
  }

  int port() const { return port_; }

  // A kept result's id, touched so it stays the most recently used (an input holds at most
  // httplib's 5 keep-alive requests, fewer than the cache's 8), submitted again if evicted.
  const std::string& result_id() {
    if (id_.empty() || api_.head(id_, "0", "0").status != 200) {
      const auto response = api_.attention(R"({"model": "tiny-bert", "text": "The cat sat."})");
      id_ = nlohmann::json::parse(response.body).at("id").get<std::string>();
    }
    return id_;
  }

 private:
  attnscope::web::ExplorerApi api_;
  attnscope::web::ExplorerServer server_;
  int port_;
  std::thread thread_;
  std::string id_;
};

std::string with_result_id(std::string request, const std::string& id) {
  for (auto at = request.find(kIdPlaceholder); at != std::string::npos;
       at = request.find(kIdPlaceholder, at + id.size())) {
    request.replace(at, kIdPlaceholder.size(), id);
  }
  return request;
}

// libFuzzer's timeout alarm interrupts system calls; an interrupted connect goes on in the
// background, so wait until the socket is writable and read its outcome instead of retrying.
bool connected(int fd, const sockaddr_in& address) {
  if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) return true;
  if (errno != EINTR) return false;
  pollfd writable{fd, POLLOUT, 0};
  while (poll(&writable, 1, -1) < 0) {
    if (errno != EINTR) return false;
  }
  int error = 0;
  socklen_t length = sizeof error;
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) return false;
  errno = error;
  return error == 0;
}

// A call that would block or was interrupted by the alarm is simply tried again.
bool try_again(ssize_t result) {
  return result < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
}

// Sends the request, then half-closes, reading all the while (a large answer must not block the
// server while the request is still being written); returns everything the server sent before
// closing the connection.
std::string exchange(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || !connected(fd, address)) {
    std::perror("fuzz_http_request: cannot connect to the explorer");
    std::abort();
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  std::size_t sent = 0;
  if (request.empty()) shutdown(fd, SHUT_WR);
  std::string response;
  char buffer[1 << 16];
  for (;;) {
    pollfd ready{fd, static_cast<short>(POLLIN | (sent < request.size() ? POLLOUT : 0)), 0};
    if (poll(&ready, 1, -1) < 0) continue;  // interrupted by the alarm
    if (sent < request.size() && (ready.revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (!try_again(n)) {
        // The server may close before reading everything (a refused body): stop writing.
        sent = n >= 0 ? sent + static_cast<std::size_t>(n) : request.size();
        if (sent == request.size()) shutdown(fd, SHUT_WR);
      }
    }
    if (ready.revents & (POLLIN | POLLERR | POLLHUP)) {
      const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
      if (n > 0) response.append(buffer, static_cast<std::size_t>(n));
      if (n == 0 || (n < 0 && !try_again(n))) break;
    }
  }
  close(fd);
  return response;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static Explorer explorer;
  const std::string request(reinterpret_cast<const char*>(data), size);
  const std::string response =
      exchange(explorer.port(), with_result_id(request, explorer.result_id()));
  if (response.find(kInternalError) != std::string::npos) {
    std::fwrite(response.data(), 1, response.size(), stderr);
    std::abort();
  }
  return 0;
}
