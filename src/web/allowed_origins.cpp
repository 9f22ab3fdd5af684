#include "web/allowed_origins.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace attnscope::web {

namespace {

std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

// "[::1]" and "127.0.0.1" are addresses; names are not.
bool is_ip_address(std::string_view host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    in6_addr address{};
    return inet_pton(AF_INET6, std::string(host.substr(1, host.size() - 2)).c_str(), &address) == 1;
  }
  in_addr address{};
  return inet_pton(AF_INET, std::string(host).c_str(), &address) == 1;
}

// 127.0.0.0/8 and [::1]: a page served from one of them runs on this machine.
bool is_loopback_address(std::string_view host) {
  if (host == "[::1]") return true;
  in_addr address{};
  return inet_pton(AF_INET, std::string(host).c_str(), &address) == 1 &&
         (ntohl(address.s_addr) >> 24) == 127;
}

}  // namespace

AllowedOrigins::AllowedOrigins(std::string listen_host, int port)
    : listen_host_(lower(listen_host)), port_(port) {
  if (listen_host_.find(':') != std::string::npos && listen_host_.front() != '[') {
    listen_host_ = "[" + listen_host_ + "]";
  }
}

bool AllowedOrigins::is_own(std::string_view host_and_port, Side side) const {
  const std::string text = lower(host_and_port);
  // The port follows the last colon outside an IPv6 address's brackets; browsers leave out 80.
  const std::size_t colon = text.rfind(':');
  const bool has_port = colon != std::string::npos && text.find(']', colon) == std::string::npos;
  const std::string host = has_port ? text.substr(0, colon) : text;
  const std::string port = has_port ? text.substr(colon + 1) : "80";
  if (port != std::to_string(port_)) return false;
  if (host == "localhost" || host == listen_host_) return true;
  // Any address is a fine Host (a rebound name never arrives as one), but a page's origin must be
  // this machine: a page served from another address is another site.
  return side == Side::Host ? is_ip_address(host) : is_loopback_address(host);
}

std::string AllowedOrigins::own_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/";
}

std::optional<std::string> AllowedOrigins::refusal(std::string_view host,
                                                   std::optional<std::string_view> origin) const {
  if (host.empty())
    return "request has no Host header; send Host: 127.0.0.1:" + std::to_string(port_);
  if (!is_own(host, Side::Host)) {
    return "Host '" + std::string(host) +
           "' is not this explorer's address (a page of another site may have had its name "
           "point here); open " +
           own_url();
  }
  constexpr std::string_view kScheme = "http://";
  if (origin && !(lower(origin->substr(0, kScheme.size())) == kScheme &&
                  is_own(origin->substr(std::min(origin->size(), kScheme.size())), Side::Origin))) {
    return "request from the page at '" + std::string(*origin) +
           "' refused: only the explorer's own page, " + own_url() + ", may use this server";
  }
  return std::nullopt;
}

}  // namespace attnscope::web
