#pragma once
// A local stand-in for huggingface.co on 127.0.0.1, answering the way the Hub does:
//   HEAD/GET /{repo}/resolve/{revision}/{file}
//     small files: 200 with X-Repo-Commit and ETag
//     weights (*.safetensors, *.bin): 302 to /cdn/{repo}/{file} with X-Repo-Commit,
//       X-Linked-Etag and X-Linked-Size, as the Hub redirects LFS files to its CDN
//     unknown repo: 404 RepoNotFound; gated repo without the right bearer token: 401 GatedRepo;
//     unknown revision: 404 RevisionNotFound; missing file: 404 EntryNotFound
//   GET /cdn/{repo}/{file}: the contents, with Range support; optionally dropped half-way.
// Every request is counted and logged, so tests can check what was (not) asked.
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace attnscope::test {

class FakeHub {
 public:
  static constexpr const char* kToken = "hf_fake_token_for_tests";

  FakeHub();
  ~FakeHub();

  // Serves `folder` as repository `id` at revision "main" (and tag "v1"), commit `commit`.
  void add_repo(const std::string& id, const std::filesystem::path& folder,
                const std::string& commit, bool gated = false);
  // The next weights download sends half of the file, then closes the connection.
  void drop_next_download() { drop_next_ = true; }

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int requests() const { return requests_; }
  std::vector<std::string> log() const;  // "HEAD /org/x/resolve/main/config.json [range] [auth]"
  // The ETag the server gives a file (a blob's name in the cache).
  std::string etag(const std::string& id, const std::string& file) const;

 private:
  struct Repo {
    std::filesystem::path folder;
    std::string commit;
    bool gated;
  };
  void resolve(const httplib::Request& request, httplib::Response& response);
  void serve_cdn(const httplib::Request& request, httplib::Response& response);

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::map<std::string, Repo> repos_;
  std::atomic<int> requests_{0};
  std::atomic<bool> drop_next_{false};
  mutable std::mutex mutex_;
  std::vector<std::string> log_;
};

}  // namespace attnscope::test
