#pragma once
// The report's corpus part (`report --conllu F` or `--probe DIR`): per model, a corpus run's
// files written under corpus/<model>/ and a section showing its figures, the dependency-probing
// table and the heads the probe backs as syntactic.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "analysis/corpus_state_file.hpp"
#include "render/figure_file.hpp"
#include "render/report_page.hpp"

namespace attnscope::cli {

struct ReportCorpus {
  analysis::CorpusStateFile run;
  std::string source;  // what it read, for the page: "en_ewt-ud-dev.conllu", "the run in DIR"
};

// The runs of earlier `attnscope corpus` folders (their state.safetensors), by model name.
// Throws Error for a folder without a state, or two runs of one model.
std::map<std::string, ReportCorpus> read_corpus_runs(const std::vector<std::string>& dirs);

// Writes `run`'s files into root/folder and adds a section for `model` to `page`, describing
// the corpus as `source`. Figures are shown in `format` (SVG, or PNG for anything else); probe
// relations with fewer than `min_count` scored words are left out.
void corpus_section(render::ReportPage& page, const std::filesystem::path& root,
                    const std::string& folder, const std::string& model, const std::string& source,
                    const analysis::CorpusStateFile& run, render::Format format, double min_count);

}  // namespace attnscope::cli
