#include "io/checkpoint.hpp"

#include <set>

#include "core/error.hpp"
#include "io/json_file.hpp"
#include "io/pytorch_bin.hpp"
#include "io/safetensors.hpp"

namespace attnscope::io {

namespace {

TensorStore open_sharded(const std::filesystem::path& dir, const std::filesystem::path& index) {
  auto json = read_json_file(index);
  auto map = json.find("weight_map");
  if (map == json.end() || !map->is_object())
    throw Error(index.string() + " has no \"weight_map\"; re-download the checkpoint");
  std::set<std::string> shards;
  for (auto& [name, shard] : map->items()) {
    if (!shard.is_string()) throw Error(index.string() + ": shard of " + name + " is not a name");
    std::filesystem::path file(shard.get<std::string>());
    // A shard is a file next to the index, never a path leading elsewhere.
    if (file.has_parent_path() || file.filename() == ".." || file.empty())
      throw Error(index.string() + ": shard name " + file.string() + " is not a plain file name");
    shards.insert(file.string());
  }
  TensorStore store;
  store.source = index.filename().string();
  for (auto& shard : shards) store.merge(read_safetensors(dir / shard));
  for (auto& [name, shard] : map->items())
    if (!store.contains(name))
      throw Error("tensor " + name + " is missing from shard " + shard.get<std::string>() +
                  "; re-download the checkpoint");
  return store;
}

}  // namespace

TensorStore open_checkpoint(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir))
    throw Error("model folder " + dir.string() + " does not exist");
  if (std::filesystem::exists(dir / "model.safetensors"))
    return read_safetensors(dir / "model.safetensors");
  if (std::filesystem::exists(dir / "model.safetensors.index.json"))
    return open_sharded(dir, dir / "model.safetensors.index.json");
  if (std::filesystem::exists(dir / "pytorch_model.bin"))
    return read_pytorch_bin(dir / "pytorch_model.bin");
  throw Error(dir.string() +
              " has no model.safetensors, model.safetensors.index.json or pytorch_model.bin; "
              "download the weights");
}

}  // namespace attnscope::io
