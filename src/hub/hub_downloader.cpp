#include "hub/hub_downloader.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "hub/file_lock.hpp"
#include "hub/repo_id.hpp"
#include "hub/sha256.hpp"

namespace attnscope::hub {

namespace fs = std::filesystem;

namespace {

// Revisions such as "refs/pr/1" are one path segment of the URL.
std::string url_escape(const std::string& text, bool keep_slash) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/'))
      out += static_cast<char>(c);
    else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// huggingface_hub's _normalize_etag: drop a weak "W/" prefix and the quotes.
std::string normalize_etag(std::string etag) {
  if (etag.starts_with("W/")) etag.erase(0, 2);
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"')
    etag = etag.substr(1, etag.size() - 2);
  return etag;
}

std::optional<std::uint64_t> parse_size(const std::string& text) {
  if (text.empty()) return std::nullopt;
  try {
    return std::stoull(text);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// The ETag names a file in blobs/: only the characters of hashes, never a path.
bool is_safe_etag(const std::string& etag) {
  return !etag.empty() && !etag.starts_with('.') &&
         std::all_of(etag.begin(), etag.end(), [](unsigned char c) {
           return std::isalnum(c) || c == '-' || c == '_' || c == '.';
         });
}

std::string megabytes(std::uint64_t bytes) { return std::to_string(bytes / 1000000) + " MB"; }

}  // namespace

HubDownloader::HubDownloader(const HubSettings& settings, const RepoCache& cache)
    : settings_(settings), cache_(cache), http_(settings.endpoint, settings.token) {}

std::optional<fs::path> HubDownloader::fetch(const std::string& revision, const std::string& file) {
  auto meta = metadata(revision, file);
  if (!meta) return std::nullopt;
  commit_ = meta->commit;
  if (!fs::exists(cache_.blob(meta->etag))) {
    FileLock lock(cache_.lock(meta->etag));
    // Another process may have finished the same blob while this one waited for the lock.
    if (!fs::exists(cache_.blob(meta->etag))) download_blob(*meta, file);
  }
  cache_.link_snapshot_file(meta->commit, file, meta->etag);
  return cache_.snapshot_file(meta->commit, file);
}

std::optional<FileMetadata> HubDownloader::metadata(const std::string& revision,
                                                    const std::string& file) {
  std::string url = settings_.endpoint + "/" + cache_.repo_id() + "/resolve/" +
                    url_escape(revision, false) + "/" + url_escape(file, true);
  HttpResponse response = http_.head(url);
  // A renamed repository answers with a relative redirect to its new name: follow only those;
  // an absolute one leads to the CDN and carries the metadata itself.
  for (int hops = 0;
       hops < 5 && response.status / 100 == 3 && response.header("location").starts_with("/");
       ++hops) {
    url = settings_.endpoint + response.header("location");
    response = http_.head(url);
  }
  std::string error_code = response.header("x-error-code");
  if (response.status == 404 && error_code != "RepoNotFound" && error_code != "RevisionNotFound") {
    std::string commit = response.header("x-repo-commit");
    if (commit.empty() && is_commit_hash(revision)) commit = revision;
    // The commit names a folder of .no_exist: only a hash may.
    if (!commit.empty() && !is_commit_hash(commit))
      throw_not_a_hub(url, "its X-Repo-Commit is not a 40-digit commit hash");
    if (!commit.empty()) {
      commit_ = commit;
      cache_.mark_missing(commit, file);
    }
    return std::nullopt;
  }
  if (response.status >= 400) throw_refused(response, revision, url);

  FileMetadata meta;
  meta.commit = response.header("x-repo-commit");
  meta.etag = normalize_etag(response.header("x-linked-etag"));
  if (meta.etag.empty()) meta.etag = normalize_etag(response.header("etag"));
  bool redirected = response.status / 100 == 3;
  meta.size = parse_size(response.header("x-linked-size"));
  // A redirect's own Content-Length is that of its empty body, not of the file.
  if (!meta.size && !redirected) meta.size = parse_size(response.header("content-length"));
  meta.location = redirected ? response.header("location") : url;
  if (!is_commit_hash(meta.commit) || !is_safe_etag(meta.etag) || meta.location.empty())
    throw_not_a_hub(url, "no 40-digit X-Repo-Commit, no ETag or no Location");
  return meta;
}

void HubDownloader::throw_not_a_hub(const std::string& url, const std::string& what) const {
  throw Error(url + " did not answer like the Hugging Face Hub (" + what +
              "): check HF_ENDPOINT (" + settings_.endpoint + ")");
}

void HubDownloader::throw_refused(const HttpResponse& response, const std::string& revision,
                                  const std::string& url) const {
  const std::string& repo = cache_.repo_id();
  std::string error_code = response.header("x-error-code");
  std::string status = "HTTP " + std::to_string(response.status);
  if (error_code == "RevisionNotFound")
    throw Error("model '" + repo + "' has no revision '" + revision + "' (" + status +
                "): pass an existing branch, tag or commit to --revision");
  if (error_code == "RepoNotFound" && (response.status == 404 || !settings_.token.empty()))
    throw Error("model '" + repo + "' was not found on " + settings_.endpoint + " (" + status +
                "): check the name, e.g. openai-community/gpt2, or pass a local folder");
  if (response.status == 401 || response.status == 403) {
    if (settings_.token.empty())
      throw Error("model '" + repo + "' is private, gated or does not exist (" + status +
                  "): if you have access, set HF_TOKEN to an access token (" + settings_.endpoint +
                  "/settings/tokens)");
    throw Error("your Hugging Face token has no access to model '" + repo + "' (" + status +
                "): accept its terms on " + settings_.endpoint + "/" + repo +
                " or set HF_TOKEN to a token that can read it");
  }
  throw Error("the Hub answered " + status + " for " + url +
              ": try again later, or pass a local folder to --model");
}

void HubDownloader::download_blob(const FileMetadata& meta, const std::string& file) const {
  auto blob = cache_.blob(meta.etag);
  auto partial = fs::path(blob.string() + ".incomplete");
  std::error_code ec;
  fs::create_directories(blob.parent_path(), ec);
  std::uint64_t offset = fs::exists(partial) ? fs::file_size(partial, ec) : 0;
  if (ec || (meta.size && offset > *meta.size)) offset = 0;
  if (meta.size) {
    auto space = fs::space(blob.parent_path(), ec);
    if (!ec && space.available < *meta.size - offset)
      throw Error("not enough disk space for " + file + " (" + megabytes(*meta.size - offset) +
                  " needed, " + megabytes(space.available) + " free in " +
                  settings_.cache_dir.string() +
                  "): free some space or set HF_HUB_CACHE to a folder on a larger disk");
  }

  std::unique_ptr<std::FILE, decltype(&std::fclose)> out(
      std::fopen(partial.c_str(), offset > 0 ? "ab" : "wb"), std::fclose);
  if (!out)
    throw Error("cannot write " + partial.string() +
                ": make the Hugging Face cache writable or set HF_HUB_CACHE");
  ProgressBar bar(file, meta.size.value_or(0), "B");
  auto response = http_.download(meta.location, out.get(), offset,
                                 [&bar](std::uint64_t done) { bar.set(done); });
  bar.finish();
  if (std::fclose(out.release()) != 0)
    throw Error("cannot write " + partial.string() +
                ": free disk space or set HF_HUB_CACHE to a folder on a larger disk");
  if (response.status != 200 && response.status != 206)
    throw Error("downloading " + file + " from " + meta.location + " failed (HTTP " +
                std::to_string(response.status) + "): try again later");

  // What follows is not a resumable state: the partial file goes.
  auto discard = [&](const std::string& why) {
    fs::remove(partial, ec);
    throw Error("downloaded " + file + " " + why);
  };
  std::uint64_t got = fs::file_size(partial);
  if (meta.size && got != *meta.size)
    discard("has " + std::to_string(got) + " bytes instead of " + std::to_string(*meta.size) +
            ": run the command again to download it afresh");
  if (!meta.size && !response.end_signalled)
    discard(
        "came without its length, so a cut connection cannot be told from its end: run the "
        "command again; if it fails again, check HF_ENDPOINT (" +
        settings_.endpoint + ")");
  if (is_sha256_hex(meta.etag)) {
    auto actual = sha256_of_file(partial);
    if (actual != meta.etag)
      discard("has sha256 " + actual + " instead of " + meta.etag +
              ", its ETag: run the command again; if it fails again, something between you and " +
              settings_.endpoint + " corrupts downloads");
  }
  fs::rename(partial, blob, ec);
  if (ec) throw Error("cannot move " + partial.string() + " into place: " + ec.message());
}

}  // namespace attnscope::hub
