#include "web/bounded_server.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>

#include "web/connection_threads.hpp"

namespace attnscope::web {

namespace {

using Clock = std::chrono::steady_clock;

// How often a wait looks whether the server is stopping: a stop then ends every connection
// within this, not after a keep-alive or request timeout.
constexpr auto kStopCheck = std::chrono::milliseconds(100);

void numeric_address(const sockaddr_storage& address, socklen_t length, std::string& ip,
                     int& port) {
  std::array<char, NI_MAXHOST> host{};
  std::array<char, NI_MAXSERV> service{};
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host.data(), host.size(),
                  service.data(), service.size(), NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    ip = host.data();
    port = std::atoi(service.data());
  }
}

// One connection's socket, read through a small buffer (httplib reads headers a byte at a
// time) and within the budget of the request being read.
class RequestStream final : public httplib::Stream {
 public:
  RequestStream(socket_t socket, const std::atomic<socket_t>& listening,
                std::chrono::microseconds write_timeout)
      : socket_(socket), listening_(listening), write_timeout_(write_timeout) {}

  // Whether the next request's first byte comes within `idle`.
  bool wait_for_request(std::chrono::microseconds idle) {
    return begin_ < end_ || wait(POLLIN, Clock::now() + idle);
  }
  void start_request(const ConnectionLimits& limits) {
    deadline_ = Clock::now() + limits.request_time;
    bytes_left_ = limits.request_bytes;
  }
  // The last request ran out of time or bytes: what follows on the socket is not a request.
  bool exhausted() const { return exhausted_; }

  bool is_readable() const override { return begin_ < end_ || wait(POLLIN, deadline_); }
  bool is_writable() const override { return wait(POLLOUT, Clock::now() + write_timeout_); }

  ssize_t read(char* data, size_t size) override {
    if (begin_ == end_) {
      if (bytes_left_ == 0 || !wait(POLLIN, deadline_)) {
        exhausted_ = true;
        return -1;
      }
      ssize_t received;
      do {
        received = recv(socket_, buffer_.data(), std::min(buffer_.size(), bytes_left_), 0);
      } while (received < 0 && errno == EINTR);
      if (received <= 0) return received;
      bytes_left_ -= static_cast<std::size_t>(received);
      begin_ = 0;
      end_ = static_cast<std::size_t>(received);
    }
    const std::size_t count = std::min(size, end_ - begin_);
    std::memcpy(data, buffer_.data() + begin_, count);
    begin_ += count;
    return static_cast<ssize_t>(count);
  }

  ssize_t write(const char* data, size_t size) override {
    if (!is_writable()) return -1;
    ssize_t sent;
    do {
      sent = send(socket_, data, size, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    return sent;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getpeername(socket_, reinterpret_cast<sockaddr*>(&address), &length) == 0)
      numeric_address(address, length, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getsockname(socket_, reinterpret_cast<sockaddr*>(&address), &length) == 0)
      numeric_address(address, length, ip, port);
  }
  socket_t socket() const override { return socket_; }

 private:
  // Whether `events` come before `deadline` and while the server runs. Hang-ups and errors
  // count, so that the read or write that follows reports them.
  bool wait(short events, Clock::time_point deadline) const {
    while (listening_ != INVALID_SOCKET) {
      const auto left = deadline - Clock::now();
      if (left <= Clock::duration::zero()) return false;
      const auto slice = std::min<Clock::duration>(left, kStopCheck);
      pollfd target{socket_, events, 0};
      const int ready =
          poll(&target, 1,
               static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(slice).count()));
      if (ready > 0) return true;
      if (ready < 0 && errno != EINTR) return false;
    }
    return false;
  }

  socket_t socket_;
  const std::atomic<socket_t>& listening_;
  std::chrono::microseconds write_timeout_;
  std::array<char, 4096> buffer_{};
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  Clock::time_point deadline_;
  std::size_t bytes_left_ = 0;
  bool exhausted_ = false;
};

// A request whose body httplib may leave unread, in part or whole: refused before it was read,
// over the limit, or on a GET, which httplib never reads. What is left would be taken for the
// next request, and its answer for the answer to the client's next one.
bool may_leave_body_unread(const httplib::Request& request) {
  return request.has_header("Transfer-Encoding") ||
         (request.has_header("Content-Length") &&
          request.get_header_value("Content-Length") != "0") ||
         (request.method != "GET" && request.method != "HEAD");
}

std::chrono::microseconds duration_of(time_t seconds, time_t microseconds) {
  return std::chrono::seconds(seconds) + std::chrono::microseconds(microseconds);
}

}  // namespace

BoundedServer::BoundedServer(ConnectionLimits limits) : limits_(limits) {
  new_task_queue = [threads = limits_.threads] { return new ConnectionThreads(threads); };
}

// httplib's own loop, with the request budget started as each request's first byte arrives,
// and a request with a body as the last of its connection.
bool BoundedServer::process_and_close_socket(socket_t socket) {
  RequestStream stream(socket, svr_sock_, duration_of(write_timeout_sec_, write_timeout_usec_));
  bool answered = true;
  for (std::size_t left = keep_alive_max_count_; left > 0 && !stream.exhausted(); --left) {
    if (!stream.wait_for_request(std::chrono::seconds(keep_alive_timeout_sec_))) break;
    stream.start_request(limits_);
    bool client_closes = false;
    bool last = false;
    answered = process_request(stream, left == 1, client_closes, [&last](httplib::Request& req) {
      if (!may_leave_body_unread(req)) return;
      // httplib answers "Connection: close" to a request that asked for it.
      req.headers.erase("Connection");
      req.set_header("Connection", "close");
      last = true;
    });
    if (!answered || client_closes || last) break;
  }
  shutdown(socket, SHUT_RDWR);
  close(socket);
  return answered;
}

}  // namespace attnscope::web
