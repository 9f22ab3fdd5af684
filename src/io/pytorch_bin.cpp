#include "io/pytorch_bin.hpp"

#include <cstring>
#include <vector>

#include "core/error.hpp"
#include "io/mapped_file.hpp"
#include "io/torch_pickle.hpp"
#include "io/zip_archive.hpp"

namespace attnscope::io {

namespace {

// No real weight comes near this; a file claiming more is corrupt (or hostile).
constexpr std::int64_t kMaxElements = std::int64_t(1) << 36;

// The folder every entry sits in ("archive/", or the name the file was saved under).
std::string archive_prefix(const ZipEntries& entries, const std::string& what) {
  for (const auto& [name, data] : entries) {
    if (name.ends_with("data.pkl") &&
        name.find('/') == name.size() - std::string_view("data.pkl").size() - 1)
      return name.substr(0, name.size() - std::string_view("data.pkl").size());
  }
  throw Error(what +
              " has no data.pkl: it is not a PyTorch checkpoint; pass a folder with "
              "model.safetensors or pytorch_model.bin");
}

bool is_contiguous(const PickledTensor& tensor) {
  std::int64_t expected = 1;
  for (std::size_t i = tensor.shape.size(); i-- > 0;) {
    if (tensor.shape[i] != 1 && tensor.stride[i] != expected) return false;
    expected *= tensor.shape[i];
  }
  return true;
}

// Copies a strided view into row-major order (torch keeps views of shared storages as such).
std::vector<std::byte> gather(const PickledTensor& tensor, const std::byte* base,
                              std::size_t element, std::size_t numel) {
  std::vector<std::byte> out(numel * element);
  std::vector<std::int64_t> index(tensor.shape.size(), 0);
  for (std::size_t n = 0; n < numel; ++n) {
    std::int64_t offset = 0;
    for (std::size_t d = 0; d < index.size(); ++d) offset += index[d] * tensor.stride[d];
    std::memcpy(out.data() + n * element, base + offset * element, element);
    for (std::size_t d = index.size(); d-- > 0;) {
      if (++index[d] < tensor.shape[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

}  // namespace

TensorStore read_pytorch_bin(const std::filesystem::path& path) {
  auto file = MappedFile::open(path);
  std::string what = path.string();
  if (!looks_like_zip(file->bytes()))
    throw Error(what +
                " is not in PyTorch's zip format (it may be the legacy pre-1.6 format): "
                "re-save it with a recent torch.save or convert it to safetensors");
  auto entries = read_stored_zip(file->bytes(), what);
  std::string prefix = archive_prefix(entries, what);
  if (auto order = entries.find(prefix + "byteorder");
      order != entries.end() &&
      std::string_view(reinterpret_cast<const char*>(order->second.data()), order->second.size()) !=
          "little")
    throw Error(what + " was saved on a big-endian machine: convert it to safetensors there");

  TensorStore store;
  store.source = path.filename().string();
  for (const auto& tensor : read_torch_pickle(entries.at(prefix + "data.pkl"), what)) {
    auto storage = entries.find(prefix + "data/" + tensor.storage_key);
    if (storage == entries.end())
      throw Error(what + ": the storage of tensor " + tensor.name +
                  " is missing; the file is incomplete, download it again");
    std::size_t element = dtype_size(tensor.dtype);
    std::size_t available = storage->second.size() / element;
    // The furthest element the view reaches must lie inside its storage.
    std::int64_t numel = 1, last = tensor.storage_offset;
    for (std::size_t d = 0; d < tensor.shape.size(); ++d) {
      if (tensor.shape[d] < 0 || tensor.stride[d] < 0)
        throw Error(what + ": tensor " + tensor.name + " has a negative size or stride");
      if (__builtin_mul_overflow(numel, tensor.shape[d], &numel) || numel > kMaxElements)
        throw Error(what + ": tensor " + tensor.name +
                    " claims an impossible size; the file is "
                    "corrupt, download it again");
      last += (tensor.shape[d] - 1) * tensor.stride[d];
    }
    if (tensor.storage_offset < 0 || (numel > 0 && static_cast<std::size_t>(last) >= available))
      throw Error(what + ": tensor " + tensor.name +
                  " reaches past the end of its storage; the file is corrupt, download it again");

    TensorInfo info{tensor.dtype, tensor.shape, {}};
    const std::byte* base = storage->second.data();
    if (is_contiguous(tensor) || numel == 0) {
      info.bytes = {base + tensor.storage_offset * element, numel * element};
      store.add(tensor.name, std::move(info), file);
    } else {
      auto copy = std::make_shared<std::vector<std::byte>>(
          gather(tensor, base + tensor.storage_offset * element, element, numel));
      info.bytes = {copy->data(), copy->size()};
      store.add(tensor.name, std::move(info), copy);
    }
  }
  return store;
}

}  // namespace attnscope::io
