#include "hub/resolve.hpp"

#include "core/error.hpp"
#include "core/printable.hpp"
#include "hub/hub_downloader.hpp"
#include "hub/hub_settings.hpp"
#include "hub/model_snapshot.hpp"
#include "hub/repo_cache.hpp"
#include "hub/repo_id.hpp"

namespace attnscope::hub {

namespace fs = std::filesystem;

namespace {

std::string describe_cache(const fs::path& cache_dir) {
  auto ids = cached_repo_ids(cache_dir);
  if (ids.empty()) return "the Hugging Face cache (" + cache_dir.string() + ") is empty";
  std::string list;
  for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
  return "the Hugging Face cache (" + cache_dir.string() + ") has " + list;
}

// Everything past the checks of the name: any failure here is the Hub's (HubError).
fs::path resolve_from_hub(const std::string& spec, const ResolveOptions& options) {
  auto settings = hub_settings_from_environment();
  RepoCache cache(settings.cache_dir, spec);
  const std::string& revision = options.revision;
  auto cached_commit = cache.commit_for(revision);
  if (cached_commit && snapshot_is_complete(cache, *cached_commit))
    return cache.snapshot(*cached_commit);
  bool usable = cached_commit && snapshot_is_usable(cache.snapshot(*cached_commit));
  if (settings.offline) {
    if (usable) return cache.snapshot(*cached_commit);
    throw Error("model '" + spec + "' (revision " + revision +
                ") is not in the cache and HF_HUB_OFFLINE=1 forbids downloading; " +
                describe_cache(settings.cache_dir) + "; unset HF_HUB_OFFLINE to download it");
  }
  try {
    HubDownloader downloader(settings, cache);
    return cache.snapshot(fetch_model_snapshot(downloader, cache, revision));
  } catch (const NetworkError& error) {
    // Like from_pretrained: without a network, a cached copy is good enough.
    if (usable) return cache.snapshot(*cached_commit);
    throw Error("cannot reach " + settings.endpoint + " (" + error.what() +
                "): you seem to be offline and model '" + spec + "' is not cached; " +
                describe_cache(settings.cache_dir));
  }
}

}  // namespace

fs::path resolve_model(const std::string& spec, const ResolveOptions& options) {
  if (fs::is_directory(spec)) return spec;
  if (!is_repo_id(spec))
    throw NotFoundError("model '" + spec +
                        "' is neither a folder nor a Hub id: pass a folder that "
                        "holds config.json, or a Hub id such as openai-community/gpt2");
  if (!is_revision(options.revision))
    throw Error("revision '" + printable(options.revision) +
                "' is not a branch, tag or commit name: pass one such as main, v1.0, refs/pr/1 "
                "or a 40-digit commit hash to --revision");
  try {
    return resolve_from_hub(spec, options);
  } catch (const Error& error) {
    throw HubError(error.what());
  }
}

std::string model_display_name(const std::string& spec) {
  fs::path path(spec);
  if (fs::is_directory(path)) {
    auto normal = fs::weakly_canonical(path);
    return normal.filename().string();
  }
  return spec;
}

}  // namespace attnscope::hub
