#pragma once
// The weights of a model folder, whatever form they are saved in.
#include <filesystem>

#include "io/tensor_store.hpp"

namespace attnscope::io {

// model.safetensors (memory-mapped), else model.safetensors.index.json with its shards, else
// pytorch_model.bin (io/pytorch_bin.hpp), else pytorch_model.bin.index.json with its shards.
// Throws Error saying which files were looked for when the folder has none of them.
TensorStore open_checkpoint(const std::filesystem::path& dir);

}  // namespace attnscope::io
