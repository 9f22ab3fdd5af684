#pragma once
// A local stand-in for huggingface.co on a loopback address, answering the way the Hub does:
//   HEAD/GET /{repo}/resolve/{revision}/{file}
//     small files: 200 with X-Repo-Commit and ETag
//     weights (*.safetensors, *.bin): 302 to /cdn/{repo}/{file} with X-Repo-Commit,
//       X-Linked-Etag (the sha256 of the contents) and X-Linked-Size, as the Hub redirects LFS
//       files to its CDN
//     unknown repo: 404 RepoNotFound; gated repo without the right bearer token: 401 GatedRepo;
//     unknown revision: 404 RevisionNotFound; missing file: 404 EntryNotFound
//   GET /cdn/{repo}/{file}: the contents, with Range support; optionally dropped half-way.
// Every request is counted and logged, so tests can check what was (not) asked. The setters
// below make it a hostile Hub, for the tests of what attnscope must refuse.
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

  // `host` is the loopback address it listens on: a second hub on 127.0.0.2 is another host.
  explicit FakeHub(std::string host = "127.0.0.1");
  ~FakeHub();

  // Serves `folder` as repository `id` at revision "main" (and tag "v1"), commit `commit`.
  void add_repo(const std::string& id, const std::filesystem::path& folder,
                const std::string& commit, bool gated = false);
  // The next weights download sends half of the file, then closes the connection.
  void drop_next_download() { drop_next_ = true; }

  // Every revision, even one that is a path, names the repository's commit.
  void accept_any_revision() { any_revision_ = true; }
  // A missing file's 404 carries this X-Repo-Commit instead of the repository's commit.
  void answer_missing_files_with_commit(const std::string& commit) { missing_commit_ = commit; }
  // Weights redirect to {base}/{repo}/{file} instead of this hub's own /cdn.
  void redirect_weights_to(const std::string& base) { weights_base_ = base; }
  // Weights redirects carry no X-Linked-Size (the 302's Content-Length: 0 is all there is).
  void omit_linked_size() { omit_linked_size_ = true; }
  // Small files come without Content-Length and the connection closes half-way through them.
  void cut_small_files() { cut_small_files_ = true; }
  // The CDN sends zeros of the right length instead of the weights.
  void zero_weights() { zero_weights_ = true; }

  std::string endpoint() const { return "http://" + host_ + ":" + std::to_string(port_); }
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
  std::string host_;
  int port_ = 0;
  std::map<std::string, Repo> repos_;
  std::atomic<int> requests_{0};
  std::atomic<bool> drop_next_{false};
  bool any_revision_ = false;
  std::string missing_commit_;
  std::string weights_base_;
  bool omit_linked_size_ = false;
  bool cut_small_files_ = false;
  bool zero_weights_ = false;
  mutable std::mutex mutex_;
  std::vector<std::string> log_;
};

}  // namespace attnscope::test
