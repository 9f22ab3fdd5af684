#pragma once
// state.safetensors: a corpus run's CorpusState as F64 tensors plus string metadata (the model,
// the corpus and every option that changes the numbers), so that `corpus merge` can refuse
// shards that do not belong to one run.
#include <filesystem>
#include <map>
#include <string>

#include "analysis/corpus_state.hpp"

namespace attnscope::analysis {

struct CorpusStateFile {
  CorpusState state;
  std::map<std::string, std::string> metadata;
};

// Written atomically.
void write_corpus_state(const std::filesystem::path& path, const CorpusStateFile& file);
// Throws Error naming `path` when it is not a corpus state.
CorpusStateFile read_corpus_state(const std::filesystem::path& path);

}  // namespace attnscope::analysis
