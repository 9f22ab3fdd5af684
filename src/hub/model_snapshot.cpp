#include "hub/model_snapshot.hpp"

#include <algorithm>
#include <array>

#include "core/error.hpp"
#include "io/checkpoint.hpp"
#include "io/shard_index.hpp"

namespace attnscope::hub {

namespace fs = std::filesystem;

namespace {

constexpr const char* kConfig = "config.json";
// Whichever of these a repository has; the tokenizer picks what its model type needs.
constexpr std::array kTokenizerFiles = {
    "tokenizer_config.json", "special_tokens_map.json", "vocab.txt", "vocab.json", "merges.txt",
    "tokenizer.json"};

bool has_weights(const fs::path& snapshot) {
  for (const io::CheckpointForm& form : io::kCheckpointForms) {
    if (fs::exists(snapshot / form.single)) return true;
    if (!fs::exists(snapshot / form.index)) continue;
    bool complete = true;
    for (const auto& shard : io::read_shard_index(snapshot / form.index).shards)
      complete = complete && fs::exists(snapshot / shard);
    if (complete) return true;
  }
  return false;
}

}  // namespace

bool snapshot_is_usable(const fs::path& snapshot) {
  return fs::exists(snapshot / kConfig) && has_weights(snapshot);
}

bool snapshot_is_complete(const RepoCache& cache, const std::string& commit) {
  if (!snapshot_is_usable(cache.snapshot(commit))) return false;
  for (const char* file : kTokenizerFiles)
    if (!fs::exists(cache.snapshot_file(commit, file)) && !cache.known_missing(commit, file))
      return false;
  return true;
}

std::string fetch_model_snapshot(HubDownloader& downloader, const RepoCache& cache,
                                 const std::string& revision) {
  const std::string& repo = cache.repo_id();
  // The first answer fixes the commit; every other file is asked for at that commit, so that a
  // push in between cannot mix two versions.
  auto config = downloader.fetch(revision, kConfig);
  if (!config)
    throw Error("model '" + repo + "' has no config.json at revision '" + revision +
                "': it is not a transformers model; check the name and --revision");
  std::string commit = downloader.commit();
  auto fetch_unless_present = [&](const std::string& file) {
    if (fs::exists(cache.snapshot_file(commit, file))) return true;
    if (cache.known_missing(commit, file)) return false;
    return downloader.fetch(commit, file).has_value();
  };

  auto fetch_weights = [&](const io::CheckpointForm& form) {
    if (fetch_unless_present(form.single)) return true;
    if (!fetch_unless_present(form.index)) return false;
    for (const auto& shard : io::read_shard_index(cache.snapshot_file(commit, form.index)).shards)
      if (!fetch_unless_present(shard))
        throw Error("model '" + repo + "' lists shard " + shard +
                    " in its index but the file is missing: report it to the model's authors");
    return true;
  };
  if (!std::any_of(io::kCheckpointForms.begin(), io::kCheckpointForms.end(), fetch_weights))
    throw Error("model '" + repo + "' has no model.safetensors, pytorch_model.bin or a sharded " +
                "index of either at revision '" + revision +
                "': attnscope reads only those weight files");
  for (const char* file : kTokenizerFiles) fetch_unless_present(file);
  cache.write_ref(revision, commit);
  return commit;
}

}  // namespace attnscope::hub
