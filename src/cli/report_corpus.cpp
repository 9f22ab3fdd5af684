#include "cli/report_corpus.hpp"

#include <cmath>
#include <cstdio>

#include "analysis/dependency_probe.hpp"
#include "analysis/seed_specialization.hpp"
#include "analysis/syntactic_heads.hpp"
#include "cli/corpus_output.hpp"
#include "cli/probe_input.hpp"
#include "core/error.hpp"

namespace attnscope::cli {
namespace {

namespace fs = std::filesystem;

std::string percent(double ratio) {
  char text[16];
  std::snprintf(text, sizeof text, "%.1f%%", ratio * 100);
  return text;
}

std::string points(double ratio) {
  char text[16];
  std::snprintf(text, sizeof text, "%+.1f", ratio * 100);
  return text;
}

void probe_table(render::ReportPage& page, const analysis::ProbeResult& probe) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : probe.relations)
    rows.push_back({r.relation, std::to_string(static_cast<long long>(r.count)),
                    std::to_string(r.best_layer) + "-" + std::to_string(r.best_head),
                    r.best_direction, percent(r.best_accuracy),
                    analysis::offset_text(r.baseline_offset), percent(r.baseline_accuracy),
                    points(r.best_accuracy - r.baseline_accuracy)});
  page.table({"relation", "count", "best head (L-H)", "direction", "accuracy", "baseline offset",
              "baseline accuracy", "margin (points)"},
             rows);
}

void head_labels(render::ReportPage& page, const analysis::ProbeResult& probe) {
  const auto heads = analysis::syntactic_heads(probe);
  page.heading("Syntactic heads", 3);
  page.paragraph(
      "A head is called syntactic only where the probe backs it: its accuracy on a "
      "relation (in its better direction) is " +
      analysis::syntactic_rule() +
      ". \"all\" does not count: beating the one offset that suits a mixture of "
      "relations says nothing about which syntax a head tracks.");
  if (heads.empty()) {
    page.paragraph("No head does, so no head is called syntactic.");
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& head : heads)
      rows.push_back({std::to_string(head.layer) + "-" + std::to_string(head.head),
                      analysis::syntactic_label(head)});
    page.table({"head (L-H)", "label"}, rows);
  }
  std::vector<int> semantic;
  for (int layer = 0; layer < probe.layers; ++layer)
    if (analysis::layer_range_heuristic(layer, probe.layers) == "semantic")
      semantic.push_back(layer);
  page.paragraph(
      "The notebook's 'semantic' label is not measured here: it is a heuristic from layer "
      "position alone" +
      (semantic.empty() ? std::string(" (no layer of this model gets it)")
                        : " (layers " + std::to_string(semantic.front()) + "-" +
                              std::to_string(semantic.back()) + ")") +
      ", and its 'syntactic' layer label is replaced by the probe above.");
}

}  // namespace

std::map<std::string, ReportCorpus> read_corpus_runs(const std::vector<std::string>& dirs) {
  std::map<std::string, ReportCorpus> runs;
  for (const fs::path dir : dirs) {
    const fs::path state = dir / "state.safetensors";
    if (!fs::exists(state))
      throw Error(dir.string() + " holds no state.safetensors; give --probe a folder written by " +
                  "`attnscope corpus --conllu F -o DIR`");
    analysis::CorpusStateFile run = analysis::read_corpus_state(state);
    const auto model = run.metadata.find("model");
    if (model == run.metadata.end()) throw Error(state.string() + " names no model");
    if (runs.count(model->second))
      throw Error("two --probe folders are runs of " + model->second + "; give one per model");
    const std::string name = model->second;
    runs.emplace(name, ReportCorpus{std::move(run), "the run in " + dir.string()});
  }
  return runs;
}

void corpus_section(render::ReportPage& page, const fs::path& root, const std::string& folder,
                    const std::string& model, const std::string& source,
                    const analysis::CorpusStateFile& run, render::Format format, double min_count) {
  CorpusOutputOptions options;
  options.min_count = min_count;
  write_corpus_outputs(root / folder, run, options);
  const std::string ext = format == render::Format::Svg ? ".svg" : ".png";
  const bool probed = fs::exists(root / folder / "probe.json");

  page.heading("Corpus: " + model);
  page.paragraph(model + " over " + source + "; every file of the run (stats.json, " +
                 "distance.json" + (probed ? ", probe.json" : "") +
                 ", state.safetensors, the figures in PNG and SVG) is in " + folder + "/.");
  page.figure(folder + "/stats" + ext,
              "Clark et al.'s statistics of every head over the corpus: each dot a head at its "
              "layer, the line the layer mean.");
  page.figure(folder + "/head_map" + ext,
              "Every head placed by the MDS of the Jensen-Shannon distances between heads, "
              "coloured by layer and by behaviour.");
  if (!probed) {
    page.paragraph(
        "No treebank, so no dependency probe: head labels by layer position remain a "
        "heuristic, not a measurement.");
    return;
  }
  const analysis::ProbeResult probe = read_probe(root / folder, model);
  page.figure(folder + "/probe" + ext,
              "Per relation, the best head's accuracy at finding each word's syntactic head, next "
              "to the best fixed-offset baseline.");
  page.heading("Dependency probing", 3);
  page.paragraph(std::to_string(static_cast<long long>(probe.sentences)) + " sentences (" +
                 std::to_string(static_cast<long long>(probe.skipped_sentences)) +
                 " skipped: a word got no piece), " +
                 std::to_string(static_cast<long long>(probe.words)) +
                 " words; root and punct are not scored.");
  probe_table(page, probe);
  head_labels(page, probe);
}

}  // namespace attnscope::cli
