#pragma once
// The index of a sharded checkpoint (model.safetensors.index.json or
// pytorch_model.bin.index.json): which shard file holds each tensor.
#include <filesystem>
#include <map>
#include <set>
#include <string>

namespace attnscope::io {

struct ShardIndex {
  std::map<std::string, std::string> shard_of;  // tensor name → shard file name
  std::set<std::string> shards;                 // the shard file names, each once
};

// Throws Error (one line) for a missing or malformed index, and for a shard name that is not a
// plain file name: the names become paths next to the index and must not lead elsewhere.
ShardIndex read_shard_index(const std::filesystem::path& index);

}  // namespace attnscope::io
