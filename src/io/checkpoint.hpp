#pragma once
// The weights of a model folder, whatever form they are saved in.
#include <array>
#include <filesystem>

#include "io/tensor_store.hpp"

namespace attnscope::io {

// The files a checkpoint's weights come in, in the order they are preferred: one file, or an
// index naming its shards (read with the same reader as the single file).
struct CheckpointForm {
  const char* single;
  const char* index;
  TensorStore (*read)(const std::filesystem::path&);
};
extern const std::array<CheckpointForm, 2> kCheckpointForms;

// model.safetensors (memory-mapped), else model.safetensors.index.json with its shards, else
// pytorch_model.bin (io/pytorch_bin.hpp), else pytorch_model.bin.index.json with its shards.
// Throws Error saying which files were looked for when the folder has none of them.
TensorStore open_checkpoint(const std::filesystem::path& dir);

}  // namespace attnscope::io
