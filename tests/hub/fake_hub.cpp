#include "fake_hub.hpp"

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

}  // namespace

FakeHub::FakeHub() {
  server_.set_pre_routing_handler([this](const httplib::Request& request, httplib::Response&) {
    ++requests_;
    std::string line = request.method + " " + request.path;
    if (request.has_header("Range")) line += " " + request.get_header_value("Range");
    if (request.has_header("Authorization"))
      line += " " + request.get_header_value("Authorization");
    std::lock_guard lock(mutex_);
    log_.push_back(line);
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server_.Get("/cdn/(.+)", [this](const httplib::Request& request, httplib::Response& response) {
    serve_cdn(request, response);
  });
  server_.Get("/(.+)/resolve/([^/]+)/(.+)",
              [this](const httplib::Request& request, httplib::Response& response) {
                resolve(request, response);
              });
  port_ = server_.bind_to_any_port("127.0.0.1");
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
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016zx", std::hash<std::string>{}(content));
  // Hub ETags are content hashes (sha256 for LFS files, git sha1 otherwise): any name works.
  return (is_weights(file) ? "lfs" : "git") + std::string(hex) + std::to_string(content.size());
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
  if (revision != "main" && revision != "v1" && revision != repo->second.commit)
    return refuse(404, "RevisionNotFound");
  response.set_header("X-Repo-Commit", repo->second.commit);
  auto path = repo->second.folder / file;
  if (!std::filesystem::is_regular_file(path)) return refuse(404, "EntryNotFound");

  if (is_weights(file)) {
    response.status = 302;
    response.set_header("Location", endpoint() + "/cdn/" + id + "/" + file);
    response.set_header("X-Linked-Etag", "\"" + etag(id, file) + "\"");
    response.set_header("X-Linked-Size", std::to_string(std::filesystem::file_size(path)));
    response.set_header("ETag", "\"pointer-file-etag\"");
    return;
  }
  response.set_header("ETag", "W/\"" + etag(id, file) + "\"");
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
  response.set_content(*content, "application/octet-stream");
}

}  // namespace attnscope::test
