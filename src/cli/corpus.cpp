// attnscope corpus: Clark et al.'s statistics, the head map and dependency probing over a whole
// corpus, streamed in bounded memory and splittable into shards (`corpus merge` joins them).
#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/command.hpp"
#include "cli/corpus_output.hpp"
#include "cli/options.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "pipeline/corpus_run.hpp"

namespace attnscope::cli {
namespace {

struct CorpusArgs {
  ModelArgs model;
  std::string text_file, conllu, attentions, shard = "0/1", from_word = "mean", output;
  std::size_t max_docs = 0;
  int batch = 16;
  bool pairs = false, bos = false, truncate = false, replace_invalid = false;
  CorpusOutputOptions out;
  std::vector<std::string> merge_parts;
};

Sharding parse_shard(const std::string& text, std::size_t max_docs) {
  Sharding sharding;
  sharding.max_documents = max_docs;
  const auto slash = text.find('/');
  auto number = [&](std::string_view part, std::size_t& value) {
    auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    return error == std::errc() && end == part.data() + part.size() && !part.empty();
  };
  if (slash == std::string::npos ||
      !number(std::string_view(text).substr(0, slash), sharding.shard) ||
      !number(std::string_view(text).substr(slash + 1), sharding.shards))
    throw UsageError("--shard takes K/N (shard K of N, 0-based), got \"" + text + "\"");
  sharding.check();
  return sharding;
}

CorpusOptions corpus_options(const CorpusArgs& args) {
  if (args.text_file.empty() == args.conllu.empty())
    throw UsageError("give exactly one of --text-file F and --conllu F");
  if (args.model.models.empty() == args.attentions.empty())
    throw UsageError("give either --model M or --attentions FILE|DIR");
  if (args.output.empty()) throw UsageError("give the output folder with -o DIR");
  if (args.from_word != "mean" && args.from_word != "first")
    throw UsageError("--from-word takes mean or first, got \"" + args.from_word + "\"");
  CorpusOptions options;
  options.conllu = !args.conllu.empty();
  options.corpus = options.conllu ? args.conllu : args.text_file;
  options.pairs = args.pairs;
  options.sharding = parse_shard(args.shard, args.max_docs);
  options.batch_size = args.batch;
  options.capture.bos = args.bos;
  options.capture.truncate = args.truncate;
  options.capture.replace_invalid = args.replace_invalid;
  options.from_word =
      args.from_word == "first" ? analysis::FromWord::First : analysis::FromWord::Mean;
  return options;
}

// One line on stderr that says where the time went, so the analyses' cost can be checked
// against the forward's.
void print_throughput(const StreamTotals& totals, double seconds) {
  if (seconds <= 0 || totals.documents == 0) return;
  char line[256];
  std::snprintf(line, sizeof line,
                "%zu documents, %zu tokens in %.1f s: %.1f documents/s, %.0f tokens/s",
                totals.documents, totals.tokens, seconds, totals.documents / seconds,
                totals.tokens / seconds);
  std::cerr << line;
  if (totals.forward_seconds > 0) {
    std::snprintf(line, sizeof line, " (forward %.1f s, analyses %.1f s = %.1f%% of the forward)",
                  totals.forward_seconds, totals.visit_seconds,
                  100 * totals.visit_seconds / totals.forward_seconds);
    std::cerr << line;
  }
  std::cerr << "\n";
}

void report_written(const std::vector<std::filesystem::path>& files) {
  for (const auto& file : files) std::cerr << "wrote " << file.string() << "\n";
}

void run(const CorpusArgs& args) {
  const CorpusOptions options = corpus_options(args);
  const std::filesystem::path dir = args.output;
  if (std::filesystem::exists(dir) && !std::filesystem::is_directory(dir))
    throw UsageError("-o " + args.output + " is a file; give a folder for the corpus results");
  ProgressBar progress("Corpus", count_corpus_documents(options), " docs");
  StreamTotals last;
  const auto start = std::chrono::steady_clock::now();
  auto on_progress = [&](const StreamTotals& totals) {
    progress.set(totals.documents, totals.tokens, " tokens");
    last = totals;
  };
  analysis::CorpusStateFile run;
  if (!args.attentions.empty()) {
    run = run_corpus_on_attentions(args.attentions, options, on_progress);
  } else {
    const Pretrained model = load_model(args.model);
    run = run_corpus(model, options, on_progress);
  }
  progress.finish();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report_written(write_corpus_outputs(dir, run, args.out));
  print_throughput(last, seconds);
}

void merge(const CorpusArgs& args) {
  if (args.output.empty()) throw UsageError("give the output folder with -o DIR");
  std::vector<std::filesystem::path> parts(args.merge_parts.begin(), args.merge_parts.end());
  report_written(write_corpus_outputs(args.output, merge_corpus_parts(parts), args.out));
}

void add_output_options(CLI::App* command, CorpusArgs& args) {
  add_verbatim_option(command, "-o,--output", args.output, "Folder for the results");
  command
      ->add_option("--min-count", args.out.min_count,
                   "Probe relations with fewer scored words are left out (default 100)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--dpi", args.out.dpi, "PNG resolution (default 150)")
      ->check(CLI::Range(10.0, 1200.0));
}

const Command reg(15, [](CLI::App& root) {
  auto args = std::make_shared<CorpusArgs>();
  auto* cmd = root.add_subcommand(
      "corpus",
      "Clark et al.'s head statistics, head map and dependency probing over a whole corpus");
  add_model_args(cmd, args->model, /*repeatable=*/false, /*required=*/false);
  add_verbatim_option(cmd, "--text-file", args->text_file, "Corpus, one document per line");
  add_verbatim_option(cmd, "--conllu", args->conllu,
                      "A CoNLL-U treebank: its # text lines are read, its trees probed");
  add_verbatim_option(cmd, "--attentions", args->attentions,
                      "Stored attentions (extract's .safetensors, or a folder of them) instead "
                      "of --model");
  cmd->add_option("--max-docs", args->max_docs, "Use only the first N documents (default: all)");
  cmd->add_option("--batch", args->batch, "Documents per forward pass (default 16)")
      ->check(CLI::Range(1, 4096));
  add_verbatim_option(cmd, "--shard", args->shard,
                      "Take documents K, K+N, K+2N, ... of the corpus (K/N, 0-based)");
  cmd->add_flag("--pairs", args->pairs,
                "Join consecutive lines as [CLS] A [SEP] B [SEP] (Clark et al.)");
  cmd->add_flag("--bos", args->bos, "GPT-2: prepend <|endoftext|>");
  cmd->add_flag("--truncate", args->truncate, "Cut documents longer than the model's maximum");
  cmd->add_flag("--replace-invalid", args->replace_invalid,
                "Replace invalid UTF-8 with U+FFFD instead of failing");
  add_verbatim_option(cmd, "--from-word", args->from_word,
                      "Attention from a word: mean of its pieces' rows, or its first piece's");
  add_output_options(cmd, *args);
  cmd->footer(
      "Example: attnscope corpus --model bert-base-uncased --conllu en_ewt-ud-dev.conllu -o "
      "corpus/\n"
      "         attnscope corpus merge corpus/shard-* -o corpus/   (after --shard K/N runs)");

  auto merge_args = std::make_shared<CorpusArgs>();
  auto* merge_cmd = cmd->add_subcommand("merge", "Combine the shards of one corpus run");
  merge_cmd
      ->add_option("parts", merge_args->merge_parts, "Shard folders (each with state.safetensors)")
      ->required()
      ->allow_extra_args(true);
  add_output_options(merge_cmd, *merge_args);
  merge_cmd->callback([merge_args] { merge(*merge_args); });
  cmd->callback([args, merge_cmd] {
    if (!merge_cmd->parsed()) run(*args);
  });
});

}  // namespace
}  // namespace attnscope::cli
