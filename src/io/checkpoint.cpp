#include "io/checkpoint.hpp"

#include "core/error.hpp"
#include "io/pytorch_bin.hpp"
#include "io/safetensors.hpp"
#include "io/shard_index.hpp"

namespace attnscope::io {

namespace {

// Every shard named by the index, read with `read_shard`, as one store.
template <typename ReadShard>
TensorStore open_sharded(const std::filesystem::path& dir, const std::filesystem::path& index,
                         ReadShard read_shard) {
  const ShardIndex shards = read_shard_index(index);
  TensorStore store;
  store.source = index.filename().string();
  for (auto& shard : shards.shards) store.merge(read_shard(dir / shard));
  for (auto& [name, shard] : shards.shard_of)
    if (!store.contains(name))
      throw Error("tensor " + name + " is missing from shard " + shard +
                  "; re-download the checkpoint");
  return store;
}

}  // namespace

TensorStore open_checkpoint(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(dir)) throw Error("model folder " + dir.string() + " does not exist");
  if (fs::exists(dir / "model.safetensors")) return read_safetensors(dir / "model.safetensors");
  if (fs::exists(dir / "model.safetensors.index.json"))
    return open_sharded(dir, dir / "model.safetensors.index.json", read_safetensors);
  if (fs::exists(dir / "pytorch_model.bin")) return read_pytorch_bin(dir / "pytorch_model.bin");
  if (fs::exists(dir / "pytorch_model.bin.index.json"))
    return open_sharded(dir, dir / "pytorch_model.bin.index.json", read_pytorch_bin);
  throw Error(dir.string() +
              " has no model.safetensors, pytorch_model.bin or a sharded index of either "
              "(*.index.json); download the weights");
}

}  // namespace attnscope::io
