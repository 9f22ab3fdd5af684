#pragma once
// The two requests the Hub needs, over libcurl: a HEAD for a file's metadata and a resumable
// GET of its contents into an open file.
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <string>

#include "core/error.hpp"

namespace attnscope::hub {

// The server could not be reached at all (no network, refused, timed out).
struct NetworkError : Error {
  using Error::Error;
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;         // of the last response, names in lowercase
  std::string header(const std::string& name) const;  // "" when absent
};

class HttpClient {
 public:
  // `token`, when not empty, is sent as a bearer token to the first host only (never to the
  // CDN a redirect leads to).
  explicit HttpClient(std::string token);

  // Does not follow redirects: the Hub puts a file's metadata on the redirect itself.
  HttpResponse head(const std::string& url) const;

  // GETs `url`, following redirects, into `out` from byte `offset` on (a Range request). A
  // server that ignores the range answers 200: the file is then truncated and restarted.
  // Throws Error on a dropped connection or a failed write (disk full).
  HttpResponse download(const std::string& url, std::FILE* out, std::uint64_t offset,
                        const std::function<void(std::uint64_t written)>& progress) const;

 private:
  std::string token_;
};

}  // namespace attnscope::hub
