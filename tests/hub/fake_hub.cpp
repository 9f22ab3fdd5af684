#include "fake_hub.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

namespace attnscope::test {

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

bool is_weights(const std::string& file) {
  return file.ends_with(".safetensors") || file.ends_with(".bin");
}

// The Hub names an LFS file by the sha256 of its contents.
std::string sha256_hex(const std::string& content) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(content.data(), content.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    char pair[3];
    std::snprintf(pair, sizeof pair, "%02x", digest[i]);
    hex += pair;
  }
  return hex;
}

// Appending, because GCC 12 misreads "\"" + text as an overlapping copy (-Wrestrict).
std::string etag_header(const std::string& prefix, const std::string& text) {
  return std::string(prefix).append("\"").append(text).append("\"");
}

// Sends half of `content`, then closes the connection, without ever saying how long it is (no
// Content-Length and no chunks: the end of the connection is the end of the body).
void send_half_without_length(httplib::Response& response, std::string content) {
  auto shared = std::make_shared<std::string>(std::move(content));
  response.set_content_provider("application/octet-stream",
                                [shared](std::size_t, httplib::DataSink& sink) {
                                  sink.write(shared->data(), shared->size() / 2);
                                  return false;
                                });
}

}  // namespace

FakeHub::FakeHub(std::string host) : host_(std::move(host)) {
  server_.set_pre_routing_handler([this](const httplib::Request& request, httplib::Response&) {
    ++requests_;
    std::string line = request.method + " " + request.path;
    for (const char* header : {"Range", "Authorization"})
      if (request.has_header(header)) line.append(" ").append(request.get_header_value(header));
    std::lock_guard lock(mutex_);
    log_.push_back(line);
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server_.Get("/cdn/(.+)", [this](const httplib::Request& request, httplib::Response& response) {
    serve_cdn(request, response);
  });
  // httplib decodes the path: a revision such as refs%2Fpr%2F1 arrives with its slashes.
  server_.Get("/(.+?)/resolve/(.*)/([^/]+)",
              [this](const httplib::Request& request, httplib::Response& response) {
                resolve(request, response);
              });
  port_ = server_.bind_to_any_port(host_);
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeHub::~FakeHub() {
  server_.stop();
  thread_.join();
}

void FakeHub::add_repo(const std::string& id, const std::filesystem::path& folder,
                       const std::string& commit, bool gated) {
  repos_[id] = {folder, commit, gated};
}

std::vector<std::string> FakeHub::log() const {
  std::lock_guard lock(mutex_);
  return log_;
}

std::string FakeHub::etag(const std::string& id, const std::string& file) const {
  auto content = read_file(repos_.at(id).folder / file);
  if (is_weights(file)) return sha256_hex(content);
  // The Hub's ETag of a small file is its git blob hash; any name that is not a sha256 will do.
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016zx", std::hash<std::string>{}(content));
  return "git" + std::string(hex) + std::to_string(content.size());
}

void FakeHub::resolve(const httplib::Request& request, httplib::Response& response) {
  std::string id = request.matches[1], revision = request.matches[2], file = request.matches[3];
  auto repo = repos_.find(id);
  auto refuse = [&](int status, const char* code) {
    response.status = status;
    response.set_header("X-Error-Code", code);
  };
  if (repo == repos_.end()) return refuse(404, "RepoNotFound");
  if (repo->second.gated &&
      request.get_header_value("Authorization") != std::string("Bearer ") + kToken)
    return refuse(401, "GatedRepo");
  if (!any_revision_ && revision != "main" && revision != "v1" && revision != repo->second.commit)
    return refuse(404, "RevisionNotFound");
  response.set_header("X-Repo-Commit", repo->second.commit);
  auto path = repo->second.folder / file;
  if (!std::filesystem::is_regular_file(path)) {
    if (!missing_commit_.empty()) response.set_header("X-Repo-Commit", missing_commit_);
    return refuse(404, "EntryNotFound");
  }

  if (is_weights(file)) {
    response.status = 302;
    std::string base = weights_base_.empty() ? endpoint() + "/cdn" : weights_base_;
    response.set_header("Location", base + "/" + id + "/" + file);
    response.set_header("X-Linked-Etag", etag_header("", etag(id, file)));
    if (!omit_linked_size_)
      response.set_header("X-Linked-Size", std::to_string(std::filesystem::file_size(path)));
    response.set_header("ETag", "\"pointer-file-etag\"");
    return;
  }
  response.set_header("ETag", etag_header("W/", etag(id, file)));
  if (cut_small_files_) return send_half_without_length(response, read_file(path));
  response.set_content(read_file(path), "application/octet-stream");
}

void FakeHub::serve_cdn(const httplib::Request& request, httplib::Response& response) {
  std::string rest = request.matches[1];
  auto slash = rest.rfind('/');
  auto repo = repos_.find(rest.substr(0, slash));
  if (slash == std::string::npos || repo == repos_.end()) {
    response.status = 404;
    return;
  }
  auto content =
      std::make_shared<std::string>(read_file(repo->second.folder / rest.substr(slash + 1)));
  if (request.method == "GET" && drop_next_.exchange(false)) {
    response.set_content_provider(
        content->size(), "application/octet-stream",
        [content](std::size_t, std::size_t, httplib::DataSink& sink) {
          sink.write(content->data(), content->size() / 2);
          return false;  // closes the connection with half the promised bytes sent
        });
    return;
  }
  if (zero_weights_) std::fill(content->begin(), content->end(), '\0');
  response.set_content(*content, "application/octet-stream");
}

}  // namespace attnscope::test
