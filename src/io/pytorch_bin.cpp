#include "io/pytorch_bin.hpp"

#include <cstring>
#include <map>
#include <vector>

#include "core/error.hpp"
#include "core/printable.hpp"
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

// Where each storage's bytes are, by key, and the tensors that view them.
struct SavedTensors {
  std::vector<PickledTensor> tensors;
  std::map<std::string, std::span<const std::byte>> storages;
};

SavedTensors read_zip_format(std::span<const std::byte> bytes, const std::string& what) {
  auto entries = read_stored_zip(bytes, what);
  std::string prefix = archive_prefix(entries, what);
  if (auto order = entries.find(prefix + "byteorder");
      order != entries.end() &&
      std::string_view(reinterpret_cast<const char*>(order->second.data()), order->second.size()) !=
          "little")
    throw Error(what + " was saved on a big-endian machine: convert it to safetensors there");
  SavedTensors saved;
  saved.tensors = read_torch_pickle(entries.at(prefix + "data.pkl"), what);
  std::string data = prefix + "data/";
  for (const auto& [name, entry] : entries)
    if (name.starts_with(data)) saved.storages[name.substr(data.size())] = entry;
  return saved;
}

// torch.save's MAGIC_NUMBER 0x1950a86a20f9469cfc6c, pickled with protocol 2.
constexpr unsigned char kLegacyMagic[] = {0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46,
                                          0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e};

bool is_legacy_format(std::span<const std::byte> bytes) {
  return bytes.size() >= sizeof kLegacyMagic &&
         std::memcmp(bytes.data(), kLegacyMagic, sizeof kLegacyMagic) == 0;
}

// Before PyTorch 1.6: pickles one after another (magic, protocol version, system info, the
// state dict, the storage keys), then each storage as an 8-byte element count and its bytes.
SavedTensors read_legacy_format(std::span<const std::byte> bytes, const std::string& what) {
  std::size_t pos = sizeof kLegacyMagic;
  pos += skip_pickle(bytes.subspan(pos), what);  // protocol version
  pos += skip_pickle(bytes.subspan(pos), what);  // system info
  SavedTensors saved;
  std::size_t length = 0;
  saved.tensors = read_torch_pickle(bytes.subspan(pos), what, &length);
  pos += length;
  auto keys = read_pickled_strings(bytes.subspan(pos), what, &length);
  pos += length;
  std::map<std::string, DType> dtypes;
  for (const auto& tensor : saved.tensors) dtypes[tensor.storage_key] = tensor.dtype;
  for (const auto& key : keys) {
    auto dtype = dtypes.find(key);
    std::uint64_t count = 0;
    if (dtype == dtypes.end() || bytes.size() - pos < 8)
      throw Error(what + ": storage " + key + " is unused or missing; the file is corrupt");
    std::memcpy(&count, bytes.data() + pos, 8);
    pos += 8;
    std::size_t element = dtype_size(dtype->second);
    if (count > static_cast<std::uint64_t>(kMaxElements) || count * element > bytes.size() - pos)
      throw Error(what + ": storage " + key +
                  " reaches past the end of the file; the download is incomplete, download it "
                  "again");
    saved.storages[key] = bytes.subspan(pos, count * element);
    pos += count * element;
  }
  return saved;
}

}  // namespace

TensorStore read_pytorch_bin(const std::filesystem::path& path) {
  auto file = MappedFile::open(path);
  std::string what = path.string();
  SavedTensors saved;
  if (looks_like_zip(file->bytes()))
    saved = read_zip_format(file->bytes(), what);
  else if (is_legacy_format(file->bytes()))
    saved = read_legacy_format(file->bytes(), what);
  else
    throw Error(what +
                " is not a PyTorch checkpoint (neither torch.save's zip format nor its "
                "legacy format): pass a folder with model.safetensors or pytorch_model.bin");

  TensorStore store;
  store.source = path.filename().string();
  for (const auto& tensor : saved.tensors) {
    const std::string name = printable(tensor.name);
    auto found = saved.storages.find(tensor.storage_key);
    if (found == saved.storages.end())
      throw Error(what + ": the storage of tensor " + name +
                  " is missing; the file is incomplete, download it again");
    std::span<const std::byte> storage = found->second;
    std::size_t element = dtype_size(tensor.dtype);
    std::size_t available = storage.size() / element;
    // The furthest element the view reaches must lie inside its storage.
    std::int64_t numel = 1, last = tensor.storage_offset;
    for (std::size_t d = 0; d < tensor.shape.size(); ++d) {
      if (tensor.shape[d] < 0 || tensor.stride[d] < 0)
        throw Error(what + ": tensor " + name + " has a negative size or stride");
      std::int64_t reach = 0;
      bool overflow = __builtin_mul_overflow(numel, tensor.shape[d], &numel) ||
                      numel > kMaxElements ||
                      __builtin_mul_overflow(tensor.shape[d] - 1, tensor.stride[d], &reach) ||
                      __builtin_add_overflow(last, reach, &last);
      if (overflow)
        throw Error(what + ": tensor " + name +
                    " claims an impossible size; the file is corrupt, download it again");
    }
    if (tensor.storage_offset < 0 || (numel > 0 && static_cast<std::size_t>(last) >= available))
      throw Error(what + ": tensor " + name +
                  " reaches past the end of its storage; the file is corrupt, download it again");
    // A view with stride 0 or overlapping rows names an element more than once; copied out, it
    // would take more memory than the file holds (1 GB from 8 MB). Saved weights never do that.
    if (static_cast<std::uint64_t>(numel) > available)
      throw Error(what + ": tensor " + name + " has " + std::to_string(numel) +
                  " elements but its storage holds " + std::to_string(available) +
                  " (a broadcast or overlapping view); save tensor.contiguous() instead, or "
                  "convert the checkpoint to safetensors");

    TensorInfo info{tensor.dtype, tensor.shape, {}};
    const std::byte* base = storage.data();
    if (numel == 0) {
      store.add(tensor.name, std::move(info), file);
    } else if (is_contiguous(tensor)) {
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
