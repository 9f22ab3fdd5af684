#pragma once
// The two requests the Hub needs, over libcurl: a HEAD for a file's metadata and a resumable
// GET of its contents into an open file. Only http and https URLs are fetched.
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
  // download() only: whether the server said where the body ends (Content-Length, chunks, HTTP/2),
  // so that a cut connection is an error; without it the end of the connection ends the body, cut
  // or not.
  bool end_signalled = false;
};

class HttpClient {
 public:
  // `token`, when not empty, is sent as a bearer token only to `endpoint`'s own scheme, host and
  // port, as huggingface_hub does: never to the CDN or any other host a redirect leads to.
  HttpClient(const std::string& endpoint, std::string token);

  // Does not follow redirects: the Hub puts a file's metadata on the redirect itself.
  HttpResponse head(const std::string& url) const;

  // GETs `url`, following redirects, into `out` from byte `offset` on (a Range request). A
  // server that ignores the range answers 200: the file is then truncated and restarted.
  // Throws Error on a dropped connection or a failed write (disk full).
  HttpResponse download(const std::string& url, std::FILE* out, std::uint64_t offset,
                        const std::function<void(std::uint64_t written)>& progress) const;

 private:
  const std::string& token_for(const std::string& url) const;

  std::string origin_;
  std::string token_;
};

}  // namespace attnscope::hub
