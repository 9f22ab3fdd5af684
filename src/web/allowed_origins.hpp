#pragma once
// Which Host and Origin a request to the explorer may name. A web page elsewhere can reach a
// server on 127.0.0.1 in two ways: a POST of its own ("text/plain" needs no CORS preflight),
// which carries that page's Origin; and DNS rebinding, where its own name comes to resolve to
// 127.0.0.1, so the request carries that name as Host. Both are refused; an IP address or
// localhost as Host cannot be rebound, and requests without Origin (curl, the page's own GETs)
// come from no other site.
#include <optional>
#include <string>
#include <string_view>

namespace attnscope::web {

class AllowedOrigins {
 public:
  // `listen_host` as given to --host (an address or a name), `port` as bound.
  AllowedOrigins(std::string listen_host, int port);

  // Why a request with these headers is refused (one line), or nothing.
  std::optional<std::string> refusal(std::string_view host,
                                     std::optional<std::string_view> origin) const;

 private:
  enum class Side { Host, Origin };
  // HOST[:PORT] names this server: localhost, --host or an address (for an Origin, a loopback
  // address), and its port.
  bool is_own(std::string_view host_and_port, Side side) const;
  std::string own_url() const;

  std::string listen_host_;  // lower case, an IPv6 address in brackets
  int port_;
};

}  // namespace attnscope::web
