#pragma once
// A restricted reader for the data.pkl of a torch.save()d state dict. It knows only the pickle
// opcodes such a file uses and only the globals that rebuild tensors (_rebuild_tensor_v2,
// _rebuild_parameter, the typed storage classes, OrderedDict). Any other global (os.system,
// builtins.eval, ...) is refused the moment it is named: nothing from the file is ever called;
// the reader only records which tensor lives where.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "io/dtype.hpp"

namespace attnscope::io {

struct PickledTensor {
  std::string name;  // the state dict key
  DType dtype = DType::F32;
  std::string storage_key;          // the data/{key} entry of the archive
  std::int64_t storage_offset = 0;  // in elements
  std::vector<std::int64_t> shape, stride;
};

// The tensors of the top-level dict, in file order; values that are not tensors are skipped.
// `what` names the file in error messages; `length`, when given, receives the pickle's size in
// bytes (the legacy format puts several pickles one after another).
std::vector<PickledTensor> read_torch_pickle(std::span<const std::byte> pickle,
                                             const std::string& what,
                                             std::size_t* length = nullptr);

// The legacy format's list of storage keys.
std::vector<std::string> read_pickled_strings(std::span<const std::byte> pickle,
                                              const std::string& what, std::size_t* length);

// Reads (with the same restrictions) and discards one pickle; returns its size in bytes.
std::size_t skip_pickle(std::span<const std::byte> pickle, const std::string& what);

}  // namespace attnscope::io
