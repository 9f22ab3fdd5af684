#pragma once
// pytorch_model.bin as torch.save writes it since PyTorch 1.6: a ZIP archive of
// {name}/data.pkl (the state dict's pickle, read by the restricted reader in torch_pickle.hpp)
// and {name}/data/{key} (each storage's raw little-endian bytes, memory-mapped, not copied).
#include <filesystem>

#include "io/tensor_store.hpp"

namespace attnscope::io {

TensorStore read_pytorch_bin(const std::filesystem::path& path);

}  // namespace attnscope::io
