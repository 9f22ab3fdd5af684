#pragma once
// Fetches single files of one Hub repository into the cache, as huggingface_hub's
// hf_hub_download does: HEAD /{repo}/resolve/{revision}/{file} for the commit (X-Repo-Commit),
// the blob name (X-Linked-Etag or ETag) and the size, then GET it (following the redirect to
// the CDN) into blobs/{etag}.incomplete, check the size and, for an ETag that is a sha256 (LFS
// files), the contents, rename, and link the snapshot to it.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "hub/http_client.hpp"
#include "hub/hub_settings.hpp"
#include "hub/repo_cache.hpp"

namespace attnscope::hub {

struct FileMetadata {
  std::string commit;
  std::string etag;
  std::string location;  // where the contents are (the redirect's target for large files)
  std::optional<std::uint64_t> size;
};

class HubDownloader {
 public:
  HubDownloader(const HubSettings& settings, const RepoCache& cache);

  // The file's path in snapshots/{commit}/, or nullopt when the repository has no such file at
  // that revision (remembered in .no_exist so that the next run does not ask again).
  std::optional<std::filesystem::path> fetch(const std::string& revision, const std::string& file);

  // The commit of the last file fetched (or found missing).
  const std::string& commit() const { return commit_; }

 private:
  std::optional<FileMetadata> metadata(const std::string& revision, const std::string& file);
  void download_blob(const FileMetadata& meta, const std::string& file) const;
  [[noreturn]] void throw_not_a_hub(const std::string& url, const std::string& what) const;
  [[noreturn]] void throw_refused(const HttpResponse& response, const std::string& revision,
                                  const std::string& url) const;

  const HubSettings& settings_;
  const RepoCache& cache_;
  HttpClient http_;
  std::string commit_;
};

}  // namespace attnscope::hub
