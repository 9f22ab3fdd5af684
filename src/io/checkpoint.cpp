#include "io/checkpoint.hpp"

#include "core/error.hpp"
#include "io/pytorch_bin.hpp"
#include "io/safetensors.hpp"
#include "io/shard_index.hpp"

namespace attnscope::io {

namespace {

// Every shard named by the index, read with `read_shard`, as one store.
TensorStore open_sharded(const std::filesystem::path& dir, const std::filesystem::path& index,
                         TensorStore (*read_shard)(const std::filesystem::path&)) {
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

const std::array<CheckpointForm, 2> kCheckpointForms = {
    CheckpointForm{"model.safetensors", "model.safetensors.index.json", read_safetensors},
    CheckpointForm{"pytorch_model.bin", "pytorch_model.bin.index.json", read_pytorch_bin}};

TensorStore open_checkpoint(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(dir))
    throw NotFoundError("model folder " + dir.string() + " does not exist");
  for (const CheckpointForm& form : kCheckpointForms) {
    if (fs::exists(dir / form.single)) return form.read(dir / form.single);
    if (fs::exists(dir / form.index)) return open_sharded(dir, dir / form.index, form.read);
  }
  throw Error(dir.string() +
              " has no model.safetensors, pytorch_model.bin or a sharded index of either "
              "(*.index.json); download the weights");
}

}  // namespace attnscope::io
