#pragma once
// A corpus run: every document of a text file or treebank streamed through the model (or read
// from stored attentions), folded into the mergeable state of Clark et al.'s statistics, the
// head distance and, for a treebank, dependency probing. Memory stays bounded by one batch.
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "analysis/corpus_state_file.hpp"
#include "analysis/word_attention.hpp"
#include "pipeline/attention_stream.hpp"
#include "pipeline/document_source.hpp"

namespace attnscope {

struct CorpusOptions {
  std::filesystem::path corpus;  // a text file (one document per line) or a CoNLL-U treebank
  // Documents given in memory (the Python package) instead of a text file; `corpus` then only
  // names them in the state's metadata.
  std::vector<std::string> texts;
  bool conllu = false;
  bool pairs = false;  // text files: consecutive lines are one document's two segments
  Sharding sharding;
  int batch_size = 16;
  CaptureOptions capture;  // bos, truncate, replace_invalid
  analysis::FromWord from_word = analysis::FromWord::Mean;
};

using CorpusProgress = std::function<void(const StreamTotals&)>;

// Runs `model` over the corpus. The state's metadata names the model and every option that
// changes the numbers, so that only shards of one run merge.
analysis::CorpusStateFile run_corpus(const Pretrained& model, const CorpusOptions& options,
                                     const CorpusProgress& progress = {});

// The same over attentions stored by `attnscope extract -o X.safetensors` (one document per
// file; a folder's files in name order) instead of a model. With options.conllu, file i holds
// sentence i of the treebank.
analysis::CorpusStateFile run_corpus_on_attentions(const std::filesystem::path& attentions,
                                                   const CorpusOptions& options,
                                                   const CorpusProgress& progress = {});

// How many documents this shard will read (for a progress bar), or 0 when the corpus is stdin.
std::size_t count_corpus_documents(const CorpusOptions& options);

}  // namespace attnscope
