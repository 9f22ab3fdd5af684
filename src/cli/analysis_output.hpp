#pragma once
// What the analysis commands (patterns, specialize, detect, rollout) share: running the model
// over every text with a progress bar, and writing results as a terminal table, --json/--csv on
// stdout, or files by extension with -o (repeatable): .json, .csv, .safetensors (rollout), and
// .png/.svg/.pdf figures.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/score_writers.hpp"
#include "attention/attention.hpp"
#include "cli/options.hpp"
#include "pipeline/document_source.hpp"
#include "pipeline/pretrained.hpp"
#include "render/figure_file.hpp"
#include "render/score_grid_figure.hpp"

namespace attnscope::cli {

struct AnalysisOutputArgs {
  bool json = false;
  bool csv = false;
  std::vector<std::string> outputs;
  double dpi = render::kDefaultDpi;
  // JSON or CSV goes to stdout, so nothing else may.
  bool machine_stdout() const { return json || csv; }
};

void add_analysis_output_args(CLI::App* command, AnalysisOutputArgs& args,
                              const std::string& data_kinds = ".json, .csv");

enum class OutputKind { Json, Csv, Safetensors, Figure, Unknown };
OutputKind output_kind(const std::filesystem::path& path);

// Checks the outputs before any model runs: known extensions (`allow_safetensors` for matrix
// outputs), existing folders, not both --json and --csv.
void check_analysis_outputs(const AnalysisOutputArgs& args, bool allow_safetensors = false);

// Captures every document of `source` through the streaming pipeline in small batches, calling
// `visit` on each record in the source's order; a progress bar counts them on a terminal.
void for_each_document(const Pretrained& model, DocumentSource& source,
                       const CaptureOptions& capture,
                       const std::function<void(const Attention&)>& visit);

// The per-head scores of every document, averaged (each document counts once).
analysis::ScoreReport score_documents(
    const Pretrained& model, DocumentSource& source, const CaptureOptions& capture,
    const std::function<analysis::HeadScores(const Attention&)>& score);

// The same over --text values and --text-file lines (at least one is required).
analysis::ScoreReport score_texts(
    const Pretrained& model, const InputArgs& input,
    const std::function<analysis::HeadScores(const Attention&)>& score);

// Writes the JSON document (`report` plus the `extra` fields), CSV or the score-grid figure as
// asked. Returns true when JSON/CSV went to stdout (the command then prints nothing else).
bool write_head_scores(const AnalysisOutputArgs& args, const analysis::ScoreReport& report,
                       const nlohmann::json& extra, const std::vector<render::ScorePanel>& panels,
                       const std::string& suptitle);

// Writes `bytes` to -o paths of `kind` atomically and prints each path on stderr.
void write_outputs_of_kind(const AnalysisOutputArgs& args, OutputKind kind,
                           const std::function<std::string()>& bytes);

}  // namespace attnscope::cli
