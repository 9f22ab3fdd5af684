#include "analysis/corpus_state_file.hpp"

#include <cstring>

#include "core/error.hpp"
#include "io/safetensors.hpp"

namespace attnscope::analysis {

namespace {
constexpr const char* kFormatKey = "attnscope_corpus_state";
constexpr const char* kFormatVersion = "1";
}  // namespace

void write_corpus_state(const std::filesystem::path& path, const CorpusStateFile& file) {
  io::SafetensorsWriter writer;
  for (const StateArray& array : file.state.arrays()) {
    std::string bytes(array.values.size() * sizeof(double), '\0');
    std::memcpy(bytes.data(), array.values.data(), bytes.size());
    writer.add(array.name, io::DType::F64, array.shape, std::move(bytes));
  }
  writer.metadata = file.metadata;
  writer.metadata[kFormatKey] = kFormatVersion;
  writer.write(path);
}

CorpusStateFile read_corpus_state(const std::filesystem::path& path) {
  const io::TensorStore store = io::read_safetensors(path);
  auto format = store.metadata.find(kFormatKey);
  if (format == store.metadata.end() || format->second != kFormatVersion)
    throw Error(path.string() +
                " is not a corpus state of this attnscope version; give the state.safetensors "
                "that `attnscope corpus` wrote");
  CorpusStateFile file;
  file.metadata = store.metadata;
  file.metadata.erase(kFormatKey);
  for (const std::string& name : store.names()) {
    const io::TensorInfo& info = store.info(name);
    if (info.dtype != io::DType::F64)
      throw Error(path.string() + ": corpus state array " + name + " is not F64");
    std::vector<double> values(info.numel());
    std::memcpy(values.data(), info.bytes.data(), values.size() * sizeof(double));
    file.state.add(name, info.shape, values);
  }
  return file;
}

}  // namespace attnscope::analysis
