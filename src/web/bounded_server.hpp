#pragma once
// cpp-httplib's server with connections that cannot hold it: each request must arrive whole
// within a time and a byte budget, and there are threads for many connections at once.
// Debian's httplib (0.11.4) bounds neither: it waits 5 s per read, so a client sending a header
// byte every half second keeps a thread forever, and 8 of them stalled every other client; and
// it reads a chunked body, a request line or headers to any length.
#include <httplib.h>

#include <chrono>
#include <cstddef>

namespace attnscope::web {

struct ConnectionLimits {
  // From a request's first byte to its last: the body limit is a few milliseconds of loopback.
  std::chrono::milliseconds request_time{10000};
  // Headers and body as sent, chunk framing included.
  std::size_t request_bytes = 4 * 1024 * 1024;
  // Connections served at once (ConnectionThreads); more wait for a free thread.
  std::size_t threads = 64;
};

class BoundedServer final : public httplib::Server {
 public:
  explicit BoundedServer(ConnectionLimits limits);

 private:
  bool process_and_close_socket(socket_t socket) override;

  ConnectionLimits limits_;
};

}  // namespace attnscope::web
