#include "hub/repo_cache.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string_view>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/printable.hpp"
#include "hub/repo_id.hpp"

namespace attnscope::hub {

namespace fs = std::filesystem;

namespace {

void create_folders(const fs::path& folder) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec)
    throw Error("cannot create " + folder.string() + " (" + ec.message() +
                "): make the Hugging Face cache writable or set HF_HUB_CACHE");
}

// Every path in the cache is made here. Its names come from the Hub (commits, ETags) and from the
// command line (revisions), so each must be a relative path of plain names: an absolute one, a
// "..", or a NUL (which would end the name early) would lead outside `folder`.
fs::path inside(const fs::path& folder, std::initializer_list<std::string_view> names) {
  fs::path path = folder;
  for (std::string_view name : names) {
    fs::path relative(name);
    bool plain =
        !name.empty() && name.find('\0') == std::string_view::npos && !relative.has_root_path();
    for (const auto& part : relative) plain = plain && part != "." && part != "..";
    if (!plain)
      throw Error("refusing '" + printable(name) + "' as a name in the Hugging Face cache (" +
                  folder.string() +
                  "): it would lead outside it; check --revision and HF_ENDPOINT");
    path /= relative;
  }
  return path;
}

}  // namespace

RepoCache::RepoCache(fs::path cache_dir, std::string repo_id)
    : cache_dir_(std::move(cache_dir)),
      repo_id_(std::move(repo_id)),
      dir_(inside(cache_dir_, {repo_folder_name(repo_id_)})) {}

fs::path RepoCache::blob(const std::string& etag) const { return inside(dir_ / "blobs", {etag}); }

fs::path RepoCache::snapshot(const std::string& commit) const {
  return inside(dir_ / "snapshots", {commit});
}

fs::path RepoCache::snapshot_file(const std::string& commit, const std::string& file) const {
  return inside(dir_ / "snapshots", {commit, file});
}

fs::path RepoCache::lock(const std::string& etag) const {
  return inside(cache_dir_ / ".locks" / dir_.filename(), {etag + ".lock"});
}

std::optional<std::string> RepoCache::commit_for(const std::string& revision) const {
  if (is_commit_hash(revision) && fs::is_directory(snapshot(revision))) return revision;
  std::ifstream ref(inside(dir_ / "refs", {revision}));
  if (!ref) return std::nullopt;
  std::string commit;
  std::getline(ref, commit);
  if (!is_commit_hash(commit)) return std::nullopt;
  return commit;
}

void RepoCache::write_ref(const std::string& revision, const std::string& commit) const {
  if (revision == commit) return;
  auto ref = inside(dir_ / "refs", {revision});
  create_folders(ref.parent_path());
  write_file_atomic(ref, commit);  // no newline, as huggingface_hub writes it
}

void RepoCache::link_snapshot_file(const std::string& commit, const std::string& file,
                                   const std::string& etag) const {
  auto pointer = snapshot_file(commit, file);
  create_folders(pointer.parent_path());
  auto target = fs::relative(blob(etag), pointer.parent_path());
  // A symlink under a temporary name renamed over the old one: readers never see it missing.
  std::string temp_name = pointer.filename().string();
  temp_name.insert(0, 1, '.');
  static std::atomic<unsigned> counter{0};  // unique among this process's threads
  temp_name += ".link." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  auto temp = pointer.parent_path() / temp_name;
  std::error_code ec;
  fs::remove(temp, ec);
  fs::create_symlink(target, temp, ec);
  if (!ec) fs::rename(temp, pointer, ec);
  if (ec)
    throw Error("cannot link " + pointer.string() + " to its blob (" + ec.message() +
                "): make the Hugging Face cache writable or set HF_HUB_CACHE");
}

void RepoCache::mark_missing(const std::string& commit, const std::string& file) const {
  auto marker = inside(dir_ / ".no_exist", {commit, file});
  create_folders(marker.parent_path());
  write_file_atomic(marker, "");
}

bool RepoCache::known_missing(const std::string& commit, const std::string& file) const {
  return fs::exists(inside(dir_ / ".no_exist", {commit, file}));
}

std::vector<std::string> cached_repo_ids(const fs::path& cache_dir) {
  std::vector<std::string> ids;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(cache_dir, ec)) {
    auto name = entry.path().filename().string();
    if (!name.starts_with("models--") || fs::is_empty(entry.path() / "snapshots", ec)) continue;
    if (ec) {
      ec.clear();
      continue;
    }
    std::string id = name.substr(8);
    auto sep = id.find("--");
    ids.push_back(sep == std::string::npos ? id : id.substr(0, sep) + '/' + id.substr(sep + 2));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace attnscope::hub
