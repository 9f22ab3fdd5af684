#include "hub/http_client.hpp"

#include <curl/curl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>

namespace attnscope::hub {

namespace {

struct CurlHandle {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> handle{nullptr, curl_easy_cleanup};
  CURL* get() const { return handle.get(); }
};

constexpr long kMaxRedirects = 10;

// "https://huggingface.co:443": what must match for a URL to get the token; "" when unparsable.
std::string origin_of(const std::string& url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), curl_url_cleanup);
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return "";
  std::string origin;
  for (CURLUPart part : {CURLUPART_SCHEME, CURLUPART_HOST, CURLUPART_PORT}) {
    char* text = nullptr;
    if (curl_url_get(parsed.get(), part, &text, CURLU_DEFAULT_PORT) != CURLUE_OK) return "";
    origin += text;
    origin += part == CURLUPART_SCHEME ? "://" : part == CURLUPART_HOST ? ":" : "";
    curl_free(text);
  }
  std::transform(origin.begin(), origin.end(), origin.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return origin;
}

CurlHandle open_handle(const std::string& url, const std::string& token) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  CurlHandle curl;
  curl.handle.reset(curl_easy_init());
  if (!curl.get()) throw Error("cannot start libcurl: out of memory");
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "attnscope/" ATTNSCOPE_VERSION);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, 10L);
  // A stalled transfer (under 1 byte/s for 60 s) fails instead of hanging forever.
  curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_TIME, 60L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  // file://, dict://, gopher:// and the rest are refused even if a Hub names them.
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  // Redirects are followed by HttpClient, which decides for each hop whether it gets the token.
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 0L);
  if (!token.empty()) {
    curl_easy_setopt(curl.get(), CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
    curl_easy_setopt(curl.get(), CURLOPT_XOAUTH2_BEARER, token.c_str());
  }
  return curl;
}

// Collects the headers of the latest response; a redirect's headers are replaced by the next.
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& response = *static_cast<HttpResponse*>(user);
  std::string line(data, size * count);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (line.starts_with("HTTP/")) {
    response.headers.clear();
    auto space = line.find(' ');
    response.status = space == std::string::npos ? 0 : std::atol(line.c_str() + space + 1);
  } else if (auto colon = line.find(':'); colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    auto value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    response.headers[name] = value;
  }
  return size * count;
}

void throw_transfer_error(CURLcode code, const std::string& url) {
  std::string what = curl_easy_strerror(code);
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SSL_CONNECT_ERROR:
      throw NetworkError(what);
    case CURLE_UNSUPPORTED_PROTOCOL:
      throw Error("refusing to fetch " + url +
                  ": only http and https URLs are allowed; check HF_ENDPOINT (the Hub it names "
                  "must not redirect anywhere else)");
    default:
      throw Error("download of " + url + " failed (" + what +
                  "): run the command again to resume it");
  }
}

[[noreturn]] void throw_write_error(int error, const std::string& url) {
  // A full disk, a quota or a file size limit: in each case the user must make room.
  bool no_room = error == ENOSPC || error == EDQUOT || error == EFBIG;
  throw Error("cannot save the download of " + url + " (" + std::strerror(error) +
              (no_room ? "): free disk space or set HF_HUB_CACHE to a folder on a larger disk"
                       : "): check that the Hugging Face cache folder is writable"));
}

struct DownloadState {
  HttpResponse response;
  std::FILE* out;
  std::uint64_t offset;
  const std::function<void(std::uint64_t)>* progress;
  std::uint64_t written = 0;
  bool restarted = false;
  int write_errno = 0;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& state = *static_cast<DownloadState*>(user);
  std::size_t bytes = size * count;
  long status = state.response.status;
  if (status != 200 && status != 206) return bytes;  // an error page: not file content
  if (status == 200 && state.offset > 0 && !state.restarted) {
    // The server ignored the Range header: start the file again.
    state.restarted = true;
    state.offset = 0;
    if (std::fflush(state.out) != 0 || ::ftruncate(::fileno(state.out), 0) != 0 ||
        std::fseek(state.out, 0, SEEK_SET) != 0) {
      state.write_errno = errno;
      return 0;
    }
  }
  if (std::fwrite(data, 1, bytes, state.out) != bytes) {
    state.write_errno = errno;
    return 0;  // aborts the transfer
  }
  state.written += bytes;
  return bytes;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto& state = *static_cast<DownloadState*>(user);
  if (*state.progress) (*state.progress)(state.offset + state.written);
  return 0;
}

bool end_signalled(CURL* curl, const HttpResponse& response) {
  curl_off_t length = -1;
  long version = 0;
  curl_easy_getinfo(curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
  curl_easy_getinfo(curl, CURLINFO_HTTP_VERSION, &version);
  return length >= 0 || version >= CURL_HTTP_VERSION_2_0 ||
         response.header("transfer-encoding").find("chunked") != std::string::npos;
}

}  // namespace

std::string HttpResponse::header(const std::string& name) const {
  auto found = headers.find(name);
  return found == headers.end() ? "" : found->second;
}

HttpClient::HttpClient(const std::string& endpoint, std::string token)
    : origin_(origin_of(endpoint)), token_(std::move(token)) {}

const std::string& HttpClient::token_for(const std::string& url) const {
  static const std::string none;
  return !origin_.empty() && origin_of(url) == origin_ ? token_ : none;
}

HttpResponse HttpClient::head(const std::string& url) const {
  auto curl = open_handle(url, token_for(url));
  HttpResponse response;
  curl_easy_setopt(curl.get(), CURLOPT_NOBODY, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &response);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 60L);
  if (CURLcode code = curl_easy_perform(curl.get()); code != CURLE_OK)
    throw_transfer_error(code, url);
  return response;
}

HttpResponse HttpClient::download(const std::string& url, std::FILE* out, std::uint64_t offset,
                                  const std::function<void(std::uint64_t)>& progress) const {
  std::string hop = url;
  for (long redirects = 0;; ++redirects) {
    auto curl = open_handle(hop, token_for(hop));
    DownloadState state{{}, out, offset, &progress};
    std::string range = std::to_string(offset) + "-";
    if (offset > 0) curl_easy_setopt(curl.get(), CURLOPT_RANGE, range.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &state.response);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &state);
    curl_easy_setopt(curl.get(), CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl.get(), CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(curl.get(), CURLOPT_XFERINFODATA, &state);
    CURLcode code = curl_easy_perform(curl.get());
    if (state.write_errno != 0) throw_write_error(state.write_errno, hop);
    if (code != CURLE_OK) throw_transfer_error(code, hop);
    char* next = nullptr;
    if (state.response.status / 100 == 3 && redirects < kMaxRedirects &&
        curl_easy_getinfo(curl.get(), CURLINFO_REDIRECT_URL, &next) == CURLE_OK && next) {
      hop = next;
      continue;
    }
    if (std::fflush(out) != 0) throw_write_error(errno, hop);
    state.response.end_signalled = end_signalled(curl.get(), state.response);
    return state.response;
  }
}

}  // namespace attnscope::hub
