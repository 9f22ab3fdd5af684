#pragma once
// One repository's folder in the Hugging Face cache, laid out exactly as huggingface_hub does,
// so a model downloaded by Python is found here and one downloaded here is found by Python:
//   models--org--name/blobs/{etag}                 the file contents, named by their ETag
//   models--org--name/snapshots/{commit}/{file}    relative symlinks to ../../blobs/{etag}
//   models--org--name/refs/{revision}              the commit a branch or tag pointed to
//   models--org--name/.no_exist/{commit}/{file}    files known to be absent at that commit
//   .locks/models--org--name/{etag}.lock           held while a blob is being downloaded
// Every path it hands out is checked to stay inside its folder: names from the Hub or the
// command line that are absolute or hold ".." or a NUL are refused with an Error.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace attnscope::hub {

class RepoCache {
 public:
  RepoCache(std::filesystem::path cache_dir, std::string repo_id);

  const std::string& repo_id() const { return repo_id_; }
  std::filesystem::path blob(const std::string& etag) const;
  std::filesystem::path snapshot(const std::string& commit) const;
  std::filesystem::path snapshot_file(const std::string& commit, const std::string& file) const;
  std::filesystem::path lock(const std::string& etag) const;

  // The commit a revision names: itself for a cached commit hash, else refs/{revision}.
  std::optional<std::string> commit_for(const std::string& revision) const;
  void write_ref(const std::string& revision, const std::string& commit) const;

  // Points snapshots/{commit}/{file} at blobs/{etag}, replacing any older link.
  void link_snapshot_file(const std::string& commit, const std::string& file,
                          const std::string& etag) const;

  void mark_missing(const std::string& commit, const std::string& file) const;
  bool known_missing(const std::string& commit, const std::string& file) const;

 private:
  std::filesystem::path cache_dir_;
  std::string repo_id_;
  std::filesystem::path dir_;
};

// The ids of the models with at least one snapshot in the cache ("gpt2", "org/name"), sorted.
std::vector<std::string> cached_repo_ids(const std::filesystem::path& cache_dir);

}  // namespace attnscope::hub
