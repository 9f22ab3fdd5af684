#pragma once
// What a corpus run (one process, or merged shards) writes into its folder: stats.json,
// distance.json, probe.json (treebanks), state.safetensors and the figures in Clark et al.'s
// style, each as PNG and SVG. `corpus`, `corpus merge` and `report --conllu` all write through
// here, so a merged run's files are exactly those a single run writes.
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/corpus_state_file.hpp"

namespace attnscope::cli {

struct CorpusOutputOptions {
  double min_count = 100;  // relations with fewer scored words are left out of probe.json
  double dpi = 150;
};

// The files written, in order (for the report page and for messages).
std::vector<std::filesystem::path> write_corpus_outputs(const std::filesystem::path& dir,
                                                        const analysis::CorpusStateFile& run,
                                                        const CorpusOutputOptions& options);

// The parts' states added up, after checking that they are the shards of one run: the same
// model and options, each shard 0..N-1 exactly once.
analysis::CorpusStateFile merge_corpus_parts(const std::vector<std::filesystem::path>& dirs);

}  // namespace attnscope::cli
