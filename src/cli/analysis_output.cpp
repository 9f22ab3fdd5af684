#include "cli/analysis_output.hpp"

#include <algorithm>
#include <iostream>
#include <optional>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "pipeline/attention_stream.hpp"

namespace attnscope::cli {

void add_analysis_output_args(CLI::App* command, AnalysisOutputArgs& args,
                              const std::string& data_kinds) {
  command->add_flag("--json", args.json, "Write the results as JSON to stdout");
  command->add_flag("--csv", args.csv, "Write the results as CSV to stdout");
  command->add_option(
      "-o,--output", args.outputs,
      "Output file, by extension: " + data_kinds + ", or a .png/.svg/.pdf figure (repeatable)");
  command->add_option("--dpi", args.dpi, "PNG resolution (default 150)")
      ->check(CLI::Range(10.0, 1200.0));
}

OutputKind output_kind(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (ext == ".json") return OutputKind::Json;
  if (ext == ".csv") return OutputKind::Csv;
  if (ext == ".safetensors") return OutputKind::Safetensors;
  if (ext == ".png" || ext == ".svg" || ext == ".pdf") return OutputKind::Figure;
  return OutputKind::Unknown;
}

void check_analysis_outputs(const AnalysisOutputArgs& args, bool allow_safetensors) {
  if (args.json && args.csv) throw UsageError("give either --json or --csv, not both");
  for (const auto& output : args.outputs) {
    const std::filesystem::path path(output);
    const auto kind = output_kind(path);
    if (kind == OutputKind::Unknown || (kind == OutputKind::Safetensors && !allow_safetensors))
      throw UsageError("-o " + output + ": this command writes " +
                       (allow_safetensors ? ".json, .csv, .safetensors" : ".json, .csv") +
                       " or a figure (.png, .svg, .pdf); the extension picks the format");
    if (std::filesystem::is_directory(path))
      throw UsageError("-o " + output + " is a folder; give a file name like scores.json");
    const auto parent = path.parent_path();
    if (!parent.empty() && !std::filesystem::is_directory(parent))
      throw Error("cannot write " + output + ": folder " + parent.string() +
                  " does not exist; create it first");
  }
}

void for_each_document(const Pretrained& model, DocumentSource& source,
                       const CaptureOptions& capture,
                       const std::function<void(const Attention&)>& visit) {
  StreamOptions options;
  options.capture = capture;
  // Small batches keep BLAS busy without padding every text to the longest of the whole file.
  options.batch_size = 8;
  options.keep_order = true;
  ProgressBar progress("Analysing", 0, "texts");
  const auto totals = stream_attention(
      model, source, options,
      [&](std::span<CapturedDocument> batch) {
        for (const auto& document : batch) visit(document.attention);
      },
      [&](const StreamTotals& done) { progress.set(done.documents); });
  progress.finish();
  if (totals.documents == 0)
    throw UsageError("give a --text or a --text-file with one text per line");
}

analysis::ScoreReport score_documents(
    const Pretrained& model, DocumentSource& source, const CaptureOptions& capture,
    const std::function<analysis::HeadScores(const Attention&)>& score) {
  analysis::ScoreReport report;
  report.model = model.name;
  analysis::ScoreAverage average;
  for_each_document(model, source, capture, [&](const Attention& attention) {
    std::vector<std::string> pieces;
    for (const auto& token : attention.tokens) pieces.push_back(token.piece);
    report.tokens.push_back(std::move(pieces));
    average.add(score(attention));
  });
  report.scores = average.mean();
  return report;
}

analysis::ScoreReport score_texts(
    const Pretrained& model, const InputArgs& input,
    const std::function<analysis::HeadScores(const Attention&)>& score) {
  const auto source = input.source();
  return score_documents(model, *source, input.capture(), score);
}

void write_outputs_of_kind(const AnalysisOutputArgs& args, OutputKind kind,
                           const std::function<std::string()>& bytes) {
  for (const auto& output : args.outputs) {
    if (output_kind(output) != kind) continue;
    write_file_atomic(output, bytes());
    std::cerr << "wrote " << output << "\n";
  }
}

bool write_head_scores(const AnalysisOutputArgs& args, const analysis::ScoreReport& report,
                       const nlohmann::json& extra, const std::vector<render::ScorePanel>& panels,
                       const std::string& suptitle) {
  auto json = [&] {
    auto document = analysis::scores_json(report);
    document.update(extra);
    return document.dump(1) + "\n";
  };
  auto csv = [&] { return analysis::scores_csv(report.scores); };
  write_outputs_of_kind(args, OutputKind::Json, json);
  write_outputs_of_kind(args, OutputKind::Csv, csv);
  for (const auto& output : args.outputs) {
    if (output_kind(output) != OutputKind::Figure) continue;
    render::save_figure(render::score_grid_figure(report.scores, panels, suptitle), output,
                        render::format_for(output), args.dpi);
    std::cerr << "wrote " << output << "\n";
  }
  if (args.json) std::cout << json();
  if (args.csv) std::cout << csv();
  return args.machine_stdout();
}

}  // namespace attnscope::cli
