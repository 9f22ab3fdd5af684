#pragma once
// Which files of a model repository attnscope needs, whether a cached snapshot has them, and
// fetching the missing ones. Only what is read is fetched: config.json, the tokenizer files,
// and the weights: model.safetensors, else its index and shards, else pytorch_model.bin.
#include <filesystem>
#include <string>

#include "hub/hub_downloader.hpp"
#include "hub/repo_cache.hpp"

namespace attnscope::hub {

// config.json and a complete set of weights: enough to run offline.
bool snapshot_is_usable(const std::filesystem::path& snapshot);

// Usable, and every tokenizer file is either there or known to be absent: nothing to ask.
bool snapshot_is_complete(const RepoCache& cache, const std::string& commit);

// Downloads what the snapshot of `revision` lacks, records refs/{revision}, returns the commit.
std::string fetch_model_snapshot(HubDownloader& downloader, const RepoCache& cache,
                                 const std::string& revision);

}  // namespace attnscope::hub
