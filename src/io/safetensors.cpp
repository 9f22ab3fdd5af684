#include "io/safetensors.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "io/json_file.hpp"
#include "io/mapped_file.hpp"

namespace attnscope::io {

namespace {

using nlohmann::json;

// Headers of real checkpoints are a few hundred KB; this bounds what a corrupt length can ask.
constexpr uint64_t kMaxHeaderBytes = 100ull << 20;

[[noreturn]] void corrupt(const std::string& source, const std::string& what) {
  throw Error(source + " is not a valid safetensors file: " + what +
              "; re-download or re-save the file");
}

SafetensorsEntry parse_entry(const std::string& name, const json& value,
                             const std::string& source) {
  if (!value.is_object()) corrupt(source, "entry " + name + " is not an object");
  SafetensorsEntry entry;
  entry.name = name;
  auto dtype = value.find("dtype");
  auto shape = value.find("shape");
  auto offsets = value.find("data_offsets");
  if (dtype == value.end() || !dtype->is_string())
    corrupt(source, "tensor " + name + " has no dtype");
  auto parsed = parse_dtype(dtype->get_ref<const std::string&>());
  if (!parsed)
    corrupt(source, "tensor " + name + " has unknown dtype " + dtype->get<std::string>());
  entry.dtype = *parsed;
  if (shape == value.end() || !shape->is_array())
    corrupt(source, "tensor " + name + " has no shape");
  uint64_t numel = 1;
  for (const json& d : *shape) {
    if (!d.is_number_unsigned()) corrupt(source, "tensor " + name + " has a bad shape");
    uint64_t dim = d.get<uint64_t>();
    if (dim > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) ||
        (dim != 0 && numel > std::numeric_limits<uint64_t>::max() / 16 / dim))
      corrupt(source, "tensor " + name + " has an impossible shape");
    numel *= dim;
    entry.shape.push_back(static_cast<int64_t>(dim));
  }
  if (offsets == value.end() || !offsets->is_array() || offsets->size() != 2 ||
      !(*offsets)[0].is_number_unsigned() || !(*offsets)[1].is_number_unsigned())
    corrupt(source, "tensor " + name + " has no data_offsets [begin, end]");
  entry.begin = (*offsets)[0].get<uint64_t>();
  entry.end = (*offsets)[1].get<uint64_t>();
  if (entry.end < entry.begin) corrupt(source, "tensor " + name + " ends before it begins");
  if (entry.end - entry.begin != numel * dtype_size(entry.dtype))
    corrupt(source, "tensor " + name + " has " + std::to_string(entry.end - entry.begin) +
                        " bytes but its shape and dtype need " +
                        std::to_string(numel * dtype_size(entry.dtype)));
  return entry;
}

}  // namespace

SafetensorsHeader parse_safetensors_header(std::span<const std::byte> file,
                                           const std::string& source) {
  if (file.size() < 8) corrupt(source, "the file is shorter than its 8-byte header length");
  uint64_t header_len = 0;
  for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | std::to_integer<uint64_t>(file[i]);
  if (header_len > file.size() - 8)
    corrupt(source, "the header length (" + std::to_string(header_len) +
                        " bytes) runs past the end of the file (truncated download?)");
  if (header_len > kMaxHeaderBytes) corrupt(source, "the header is larger than 100 MB");
  std::string_view text(reinterpret_cast<const char*>(file.data()) + 8, header_len);
  json header = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded() || !header.is_object())
    corrupt(source, "the header is not a JSON object");

  SafetensorsHeader out;
  out.data_offset = 8 + header_len;
  const uint64_t data_size = file.size() - out.data_offset;
  for (auto& [name, value] : header.items()) {
    if (name == "__metadata__") {
      if (!value.is_object()) corrupt(source, "__metadata__ is not an object");
      for (auto& [key, v] : value.items()) {
        if (!v.is_string()) corrupt(source, "__metadata__ value " + key + " is not a string");
        out.metadata[key] = v.get<std::string>();
      }
      continue;
    }
    out.entries.push_back(parse_entry(name, value, source));
    if (out.entries.back().end > data_size)
      corrupt(source, "tensor " + name + " lies beyond the end of the file (truncated download?)");
  }
  // Every byte belongs to at most one tensor.
  std::vector<const SafetensorsEntry*> by_offset;
  for (auto& e : out.entries)
    if (e.end > e.begin) by_offset.push_back(&e);
  std::sort(by_offset.begin(), by_offset.end(),
            [](auto* a, auto* b) { return a->begin < b->begin; });
  for (std::size_t i = 1; i < by_offset.size(); ++i)
    if (by_offset[i]->begin < by_offset[i - 1]->end)
      corrupt(source,
              "tensors " + by_offset[i - 1]->name + " and " + by_offset[i]->name + " overlap");
  return out;
}

TensorStore read_safetensors(const std::filesystem::path& path) {
  auto file = MappedFile::open(path);
  std::string source = path.filename().string();
  SafetensorsHeader header = parse_safetensors_header(file->bytes(), source);
  TensorStore store;
  store.source = source;
  store.metadata = std::move(header.metadata);
  auto data = file->bytes().subspan(header.data_offset);
  for (auto& e : header.entries) {
    TensorInfo info{e.dtype, std::move(e.shape), data.subspan(e.begin, e.end - e.begin)};
    store.add(std::move(e.name), std::move(info), file);
  }
  return store;
}

void SafetensorsWriter::add(std::string name, DType dtype, std::vector<int64_t> shape,
                            std::span<const std::byte> bytes) {
  tensors_.push_back({std::move(name), dtype, std::move(shape), bytes, nullptr});
}

void SafetensorsWriter::add(std::string name, DType dtype, std::vector<int64_t> shape,
                            std::string bytes) {
  tensors_.push_back({std::move(name),
                      dtype,
                      std::move(shape),
                      {},
                      std::make_shared<const std::string>(std::move(bytes))});
}

void SafetensorsWriter::add_f32(std::string name, std::vector<int64_t> shape,
                                std::span<const float> values) {
  add(std::move(name), DType::F32, std::move(shape), std::as_bytes(values));
}

void SafetensorsWriter::add_i64(std::string name, std::vector<int64_t> shape,
                                std::span<const int64_t> values) {
  add(std::move(name), DType::I64, std::move(shape), std::as_bytes(values));
}

void SafetensorsWriter::write(const std::filesystem::path& path) const {
  json header = json::object();
  uint64_t offset = 0;
  for (auto& t : tensors_) {
    header[t.name] = {{"dtype", dtype_name(t.dtype)},
                      {"shape", t.shape},
                      {"data_offsets", {offset, offset + t.bytes().size()}}};
    offset += t.bytes().size();
  }
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::string text = json_text(header);
  // Pad so the data section (and so every F32 tensor) starts 8-byte aligned for mmap readers.
  text.append((8 - (8 + text.size()) % 8) % 8, ' ');
  AtomicFile out(path);
  uint64_t len = text.size();
  char len_bytes[8];
  for (int i = 0; i < 8; ++i) len_bytes[i] = static_cast<char>((len >> (8 * i)) & 0xff);
  out.stream().write(len_bytes, 8);
  out.stream() << text;
  // Tensors are written in insertion order, matching the offsets above.
  for (auto& t : tensors_)
    out.stream().write(reinterpret_cast<const char*>(t.bytes().data()),
                       static_cast<std::streamsize>(t.bytes().size()));
  out.commit();
}

}  // namespace attnscope::io
