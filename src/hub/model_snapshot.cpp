#include "hub/model_snapshot.hpp"

#include <array>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "core/error.hpp"

namespace attnscope::hub {

namespace fs = std::filesystem;

namespace {

constexpr const char* kConfig = "config.json";
constexpr const char* kSafetensors = "model.safetensors";
constexpr const char* kSafetensorsIndex = "model.safetensors.index.json";
constexpr const char* kPytorchBin = "pytorch_model.bin";
// Whichever of these a repository has; the tokenizer picks what its model type needs.
constexpr std::array kTokenizerFiles = {
    "tokenizer_config.json", "special_tokens_map.json", "vocab.txt", "vocab.json", "merges.txt",
    "tokenizer.json"};

// The shard file names an index's weight_map points to.
std::set<std::string> shard_names(const fs::path& index) {
  std::ifstream in(index);
  auto json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded() || !json.contains("weight_map") || !json["weight_map"].is_object())
    throw Error(index.string() +
                " is not a valid safetensors index (no weight_map): delete it "
                "from the cache and run again");
  std::set<std::string> shards;
  for (const auto& [tensor, shard] : json["weight_map"].items()) {
    if (!shard.is_string()) continue;
    // The name becomes a path in the cache: it must not lead out of the snapshot.
    fs::path name(shard.get<std::string>());
    if (name.has_parent_path() || name.filename() != name || name == ".." || name == ".")
      throw Error(index.string() + " names shard '" + name.string() +
                  "', which is not a plain file name: the index is corrupt or hostile");
    shards.insert(name.string());
  }
  return shards;
}

bool has_weights(const fs::path& snapshot) {
  if (fs::exists(snapshot / kSafetensors) || fs::exists(snapshot / kPytorchBin)) return true;
  if (!fs::exists(snapshot / kSafetensorsIndex)) return false;
  for (const auto& shard : shard_names(snapshot / kSafetensorsIndex))
    if (!fs::exists(snapshot / shard)) return false;
  return true;
}

}  // namespace

bool snapshot_is_usable(const fs::path& snapshot) {
  return fs::exists(snapshot / kConfig) && has_weights(snapshot);
}

bool snapshot_is_complete(const RepoCache& cache, const std::string& commit) {
  auto snapshot = cache.snapshot(commit);
  if (!snapshot_is_usable(snapshot)) return false;
  for (const char* file : kTokenizerFiles)
    if (!fs::exists(snapshot / file) && !cache.known_missing(commit, file)) return false;
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
  auto snapshot = cache.snapshot(commit);
  auto fetch_unless_present = [&](const std::string& file) {
    if (fs::exists(snapshot / file)) return true;
    if (cache.known_missing(commit, file)) return false;
    return downloader.fetch(commit, file).has_value();
  };

  if (!fetch_unless_present(kSafetensors)) {
    if (fetch_unless_present(kSafetensorsIndex)) {
      for (const auto& shard : shard_names(snapshot / kSafetensorsIndex))
        if (!fetch_unless_present(shard))
          throw Error("model '" + repo + "' lists shard " + shard +
                      " in its index but the file is missing: report it to the model's authors");
    } else if (!fetch_unless_present(kPytorchBin)) {
      throw Error("model '" + repo +
                  "' has neither model.safetensors nor pytorch_model.bin at "
                  "revision '" +
                  revision + "': attnscope reads only those weight files");
    }
  }
  for (const char* file : kTokenizerFiles) fetch_unless_present(file);
  cache.write_ref(revision, commit);
  return commit;
}

}  // namespace attnscope::hub
