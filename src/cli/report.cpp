// attnscope report: the main job. For every model and text, every figure of the notebook and the
// analyses, written into one folder with an index.html that shows them with captions; with
// --conllu (or --probe) also each model's corpus statistics and dependency probing.
#include <filesystem>
#include <iostream>
#include <set>
#include <sstream>

#include "analysis/clark_metrics.hpp"
#include "analysis/head_detector.hpp"
#include "analysis/score_grid_text.hpp"
#include "analysis/score_writers.hpp"
#include "analysis/seed_patterns.hpp"
#include "cli/command.hpp"
#include "cli/figure_args.hpp"
#include "cli/report_corpus.hpp"
#include "cli/rollout_output.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "pipeline/capture.hpp"
#include "pipeline/corpus_run.hpp"
#include "pipeline/pretrained.hpp"
#include "render/compare_figure.hpp"
#include "render/explore_figure.hpp"
#include "render/flow_figure.hpp"
#include "render/layer_figure.hpp"
#include "render/layer_head.hpp"
#include "render/report_page.hpp"
#include "render/rollout_figure.hpp"
#include "render/score_grid_figure.hpp"
#include "render/summary_figure.hpp"
#include "render/token_view.hpp"
#include "web/explorer_page.hpp"

namespace attnscope::cli {
namespace {

namespace fs = std::filesystem;

// The notebook's models and sentences (its example text, then its test_sentences).
const std::vector<std::string> kNotebookModels = {"bert-base-uncased", "gpt2"};
const std::vector<std::string> kNotebookTexts = {
    "The cat sat on the mat and looked at the bird.",
    "The quick brown fox jumps over the lazy dog.",
    "She sells seashells by the seashore.",
    "To be or not to be, that is the question.",
    "The cat and the dog are friends, but the bird is scared.",
};
// The notebook draws layer 5, head 3 of the 12 x 12 bert-base-uncased.
constexpr int kNotebookLayer = 5;
constexpr int kNotebookHead = 3;
// plot_attention_flow follows this word when the text has it.
const std::string kFlowWord = "cat";

struct ReportArgs {
  ModelArgs model;
  InputArgs input;
  FigureArgs figure;
  std::optional<int> layer;
  std::optional<int> head;
  bool seed_exact = false;
  std::string conllu;
  std::size_t max_docs = 0;
  int batch = 16;
  double min_count = 100;
  std::vector<std::string> probes;
};

// One model on one text: what every section draws from.
struct Subject {
  const Attention& attention;
  const std::string& text;
  std::string folder;  // relative to the report folder: "<model>/text1"
  int layer = 0, head = 0;
};

// Writes files under the report folder and collects the page.
class Report {
 public:
  Report(fs::path root, const FigureArgs& figure, std::size_t figures)
      : root_(std::move(root)),
        format_(figure.format.empty() ? render::Format::Png : render::parse_format(figure.format)),
        dpi_(figure.dpi),
        options_(figure.options()),
        page_("attnscope report"),
        progress_("figures", figures) {}

  render::ReportPage& page() { return page_; }
  const fs::path& root() const { return root_; }
  render::Format format() const { return format_; }
  const render::FigureOptions& options() const { return options_; }

  void figure(const render::Scene& scene, const std::string& stem, const std::string& caption) {
    std::string path = stem + "." + render::extension(format_);
    fs::create_directories((root_ / path).parent_path());
    render::save_figure(scene, root_ / path, format_, dpi_);
    page_.figure(path, caption);
    progress_.advance();
  }
  void file(const std::string& path, std::string_view bytes, const std::string& label,
            const std::string& caption) {
    fs::create_directories((root_ / path).parent_path());
    write_file_atomic(root_ / path, bytes);
    page_.link(path, label, caption);
  }
  // `stem`.json and `stem`.csv of what the figure above shows, linked on one line under it.
  void data(const std::string& stem, const nlohmann::json& json, const std::string& csv,
            const std::string& caption) {
    fs::create_directories((root_ / stem).parent_path());
    write_file_atomic(root_ / (stem + ".json"), json.dump(1) + "\n");
    write_file_atomic(root_ / (stem + ".csv"), csv);
    page_.links({{stem + ".json", "JSON"}, {stem + ".csv", "CSV"}}, caption);
  }
  void scores(const std::string& stem, const Subject& s, const analysis::HeadScores& scores,
              const nlohmann::json& about = nlohmann::json::object()) {
    std::vector<std::string> pieces;
    for (const auto& token : s.attention.tokens) pieces.push_back(token.piece);
    auto json = analysis::scores_json({s.attention.model_name, {pieces}, scores});
    json.update(about);
    data(stem, json, analysis::scores_csv(scores), "every head's scores in the figure above");
  }
  fs::path finish() {
    progress_.finish();
    write_file_atomic(root_ / "index.html", page_.html());
    return root_ / "index.html";
  }

 private:
  fs::path root_;
  render::Format format_;
  double dpi_;
  render::FigureOptions options_;
  render::ReportPage page_;
  ProgressBar progress_;
};

std::string head_name(int layer, int head) {
  return "Layer " + std::to_string(layer) + ", Head " + std::to_string(head);
}

void head_section(Report& r, const Subject& s) {
  r.figure(render::head_figure(s.attention, s.layer, s.head, r.options()),
           s.folder + "/head_layer" + std::to_string(s.layer) + "_head" + std::to_string(s.head),
           head_name(s.layer, s.head) +
               ": how each query token (row) spreads its attention over "
               "the key tokens (columns); YlOrRd from 0 to 1.");
}

void layer_section(Report& r, const Subject& s) {
  r.figure(render::layer_figure(s.attention, s.layer, r.options()),
           s.folder + "/layer" + std::to_string(s.layer) + "_all_heads",
           "All " + std::to_string(s.attention.heads) + " heads of layer " +
               std::to_string(s.layer) + " on one colour scale (0 to 1).");
}

void flow_section(Report& r, const Subject& s) {
  int query = -1;
  std::string why;
  for (int i = 0; i < s.attention.n() && query < 0; ++i)
    if (render::token_label(s.attention.tokens[i]) == kFlowWord) query = i;
  if (query < 0) {  // the notebook fell back to position 2 silently; say what is shown instead
    query = render::default_flow_query(s.attention);
    why = " ('" + kFlowWord + "' is not in this text, so its " +
          (s.attention.causal() ? "last word token is followed: a causal model's first token "
                                  "can attend only to itself.)"
                                : "first word token is followed.)");
  }
  r.figure(render::flow_figure(s.attention, query, r.options()),
           s.folder + "/flow_token" + std::to_string(query),
           "Where '" + render::token_label(s.attention.tokens[query]) + "' (position " +
               std::to_string(query) +
               ") looks at each layer, averaged over heads; colours from 0 to the largest value." +
               why);
}

void summary_section(Report& r, const Subject& s, bool seed_exact) {
  render::SummaryOptions options;
  options.hide_special = r.options().hide_special;
  options.seed_exact = seed_exact;
  r.figure(render::summary_figure(s.attention, options), s.folder + "/summary",
           seed_exact ? "The notebook's summary panels."
                      : std::string("Whole-model overview. ") + render::kSharpnessNote);
  r.page().preformatted(render::summary_text(s.attention));
}

void explore_section(Report& r, const Subject& s) {
  render::Exploration e = render::explore_heads(s.attention, s.text);
  r.figure(render::explore_figure(s.attention, e, r.options()), s.folder + "/explore",
           "Explorer pick: " + head_name(e.layer, e.head) + ", " + e.why + ".");
  r.page().preformatted(e.report);
}

void patterns_section(Report& r, const Subject& s) {
  analysis::HeadScores scores = analysis::seed_patterns(s.attention);
  std::ostringstream grids;
  analysis::print_score_grid(grids, scores, "locality",
                             "Locality (share of attention within 2 tokens)");
  analysis::print_score_grid(grids, scores, "entropy_normalized", "Entropy / ln n (1 = uniform)");
  analysis::print_score_grid(grids, scores, "first_token", "Attention to the first token");
  r.page().heading("Head patterns (every layer x head; * marks the heads that stand out)", 3);
  r.figure(render::score_grid_figure(scores,
                                     {{"locality", "Locality"},
                                      {"entropy_normalized", "Entropy / ln n"},
                                      {"first_token", "Attention to first token"}},
                                     s.attention.model_name + " - the notebook's head patterns"),
           s.folder + "/head_patterns",
           "Every head's score (rows: layers, columns: heads); the heads that stand out (the "
           "best few above the median head, never a tie) are outlined.");
  r.scores(s.folder + "/head_patterns", s, scores, {{"analysis", "patterns"}});
  const analysis::HeadScores roles = analysis::clark_metrics(s.attention);
  r.figure(render::score_grid_figure(roles,
                                     {{"previous_token", "Previous token"},
                                      {"next_token", "Next token"},
                                      {"self", "Self"},
                                      {"cls", s.attention.causal() ? "First token" : "[CLS]"},
                                      {"sep", "[SEP]"},
                                      {"clark_punct", "Punctuation (. ,)"}},
                                     s.attention.model_name + " - where each head looks"),
           s.folder + "/head_roles",
           s.attention.causal()
               ? "Mean attention to the previous and same token, to the first token and to "
                 "punctuation (Clark et al. 2019), for every head; a causal model has no next "
                 "token to attend to and no [SEP]."
               : "Mean attention to the previous, next and same token, and to [CLS], [SEP] and "
                 "punctuation (Clark et al. 2019), for every head.");
  r.scores(s.folder + "/head_roles", s, roles, {{"analysis", "clark_metrics"}});
  r.page().preformatted(grids.str());
}

bool repeats_a_token(const Attention& a) {
  std::set<int32_t> seen;
  for (const auto& token : a.tokens)
    if (!token.special && !seen.insert(token.id).second) return true;
  return false;
}

void detect_section(Report& r, const Subject& s) {
  using analysis::DetectorPattern;
  const auto scores = analysis::detect_heads(
      s.attention,
      {DetectorPattern::PreviousToken, DetectorPattern::DuplicateToken, DetectorPattern::Induction},
      {});
  const double bar = analysis::kDetectedAbove;
  r.page().heading("Head detection (TransformerLens's patterns)", 3);
  r.figure(render::score_grid_figure(scores,
                                     {{"previous_token", "Previous token", bar},
                                      {"duplicate_token", "Duplicate token", bar},
                                      {"induction", "Induction", bar}},
                                     s.attention.model_name + " - head detection"),
           s.folder + "/detect",
           "Share of each head's attention on the previous token, on earlier copies of the same "
           "token, and on the token after an earlier copy (induction): TransformerLens's \"mul\" "
           "score on a fixed 0-1 scale; the heads above detect's threshold are outlined (each "
           "panel's title says which)." +
               (repeats_a_token(s.attention)
                    ? std::string()
                    : " This text repeats no token, so the duplicate-token and induction scores "
                      "are 0 by construction; `attnscope detect --repeat-random 50` runs the "
                      "standard induction test."));
  r.scores(s.folder + "/detect", s, scores,
           {{"analysis", "detect"}, {"score", "mul"}, {"threshold", bar}});
  std::ostringstream grids;
  for (const auto& metric : scores.metrics())
    analysis::print_score_grid(grids, scores, metric.name, metric.name, {.threshold = bar});
  r.page().preformatted(grids.str());
}

void rollout_section(Report& r, const Subject& s) {
  const auto result = compute_rollout(s.attention, "rollout", "mean", 0.5, s.attention.layers - 1);
  r.figure(render::rollout_figure(s.attention, result.matrix, rollout_title(result), r.options()),
           s.folder + "/rollout",
           "Attention rollout (Abnar & Zuidema 2020) through every layer: how much each position "
           "(row) draws on each input token (column), heads averaged and the residual mixed in at "
           "0.5.");
  r.data(s.folder + "/rollout", rollout_json(s.attention, result), rollout_csv(s.attention, result),
         "the rollout matrix above");
}

// One explorer per text holding every model of the report, so that its Compare tab has them.
void explorer_page_section(Report& r, const std::vector<std::vector<Attention>>& captured,
                           const std::string& text, std::size_t t) {
  std::vector<Attention> models;
  for (const auto& per_model : captured) models.push_back(per_model[t]);
  web::ExplorerPageOptions options;
  options.title = "attnscope: text " + std::to_string(t + 1);
  options.texts.assign(models.size(), text);
  options.compact = true;
  r.page().heading("Interactive explorer", 3);
  r.file("explorer/text" + std::to_string(t + 1) + ".html",
         web::render_explorer_html(models, options), "Interactive explorer",
         std::string("every head of every layer, hover for values") +
             (models.size() >= 2 ? ", every model of the report (Compare shows them side by side)"
                                 : "") +
             "; one self-contained file, works offline.");
}

void compare_section(Report& r, const std::vector<Attention>& pair, const std::string& folder,
                     int layer, int head) {
  r.page().heading(pair[0].model_name + " vs " + pair[1].model_name, 3);
  r.figure(render::compare_figure(pair[0], pair[1], layer, head, r.options()),
           folder + "/compare_layer" + std::to_string(layer) + "_head" + std::to_string(head),
           "The same layer and head of both models: " + pair[0].model_name + " in " +
               render::compare_colormap(pair[0]) + ", " + pair[1].model_name + " in " +
               render::compare_colormap(pair[1]) + ", each on its own colour range.");
  r.page().preformatted(render::compare_explanation(pair[0], pair[1]));
}

int clamp_index(std::optional<int> chosen, int fallback, int count, const std::string& what) {
  if (chosen) return render::resolve_index(*chosen, count, what);
  return std::min(fallback, count - 1);
}

analysis::CorpusStateFile corpus_run(const Pretrained& model, const ReportArgs& args) {
  CorpusOptions options;
  options.corpus = args.conllu;
  options.conllu = true;
  options.sharding.max_documents = args.max_docs;
  options.batch_size = args.batch;
  options.capture = args.input.capture();
  ProgressBar progress("Corpus " + model.name, count_corpus_documents(options), " docs");
  auto run = run_corpus(model, options,
                        [&](const StreamTotals& totals) { progress.set(totals.documents); });
  progress.finish();
  return run;
}

void run(const ReportArgs& args) {
  std::vector<std::string> models = args.model.models.empty() ? kNotebookModels : args.model.models;
  std::vector<std::string> texts = args.input.collect();
  if (texts.empty()) texts = kNotebookTexts;
  fs::path root =
      args.figure.output.empty() ? fs::path("attnscope-report") : fs::path(args.figure.output);
  if (!args.figure.format.empty()) render::parse_format(args.figure.format);
  args.figure.options();  // a bad --vmax or --size fails before any model loads
  if (fs::exists(root) && !fs::is_directory(root))
    throw Error("cannot write the report into " + root.string() +
                ": it is a file; give a folder with -o");
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) throw Error("cannot create the report folder " + root.string() + ": " + ec.message());

  apply_threads(args.model);
  auto stored = read_corpus_runs(args.probes);
  // Every model is loaded first so that a --probe of no model here is refused before any run.
  std::vector<Pretrained> loaded;
  for (const auto& spec : models) loaded.push_back(load_named_model(args.model, spec));
  for (const auto& [stored_name, corpus] : stored) {
    const std::string& name = stored_name;  // a structured binding cannot be captured (clang 14)
    if (std::none_of(loaded.begin(), loaded.end(), [&](const auto& m) { return m.name == name; }))
      throw Error(corpus.source + " is of model " + name +
                  ", which is not a model of this report; give --model " + name +
                  " or a probe of the report's models");
  }
  // [model][text]
  std::vector<std::vector<Attention>> captured;
  // [model]: the corpus run, stored or computed, when there is one.
  std::vector<std::optional<ReportCorpus>> corpora;
  for (const Pretrained& model : loaded) {
    captured.push_back(capture_attention_batch(model, texts, args.input.capture()));
    auto& corpus = corpora.emplace_back();
    if (auto it = stored.find(model.name); it != stored.end())
      corpus = std::move(it->second);
    else if (!args.conllu.empty())
      corpus = ReportCorpus{corpus_run(model, args), fs::path(args.conllu).filename().string()};
  }
  loaded.clear();

  constexpr int kFiguresPerSubject = 9;
  std::size_t figures =
      models.size() * texts.size() * kFiguresPerSubject + (models.size() >= 2 ? texts.size() : 0);
  Report report(root, args.figure, figures);
  report.page().paragraph("Models: " + [&] {
    std::string s;
    for (const auto& a : captured) s += (s.empty() ? "" : ", ") + a.front().model_name;
    return s;
  }() + ". Layers and heads are numbered from 0, as in the notebook.");
  for (std::size_t t = 0; t < texts.size(); ++t) {
    report.page().heading("Text " + std::to_string(t + 1) + ": " + texts[t]);
    for (std::size_t m = 0; m < models.size(); ++m) {
      const Attention& a = captured[m][t];
      Subject s{a, texts[t], file_stem(a.model_name) + "/text" + std::to_string(t + 1),
                clamp_index(args.layer, kNotebookLayer, a.layers, "--layer"),
                clamp_index(args.head, kNotebookHead, a.heads, "--head")};
      report.page().heading(a.model_name, 3);
      head_section(report, s);
      layer_section(report, s);
      flow_section(report, s);
      summary_section(report, s, args.seed_exact);
      explore_section(report, s);
      patterns_section(report, s);
      detect_section(report, s);
      rollout_section(report, s);
    }
    if (models.size() >= 2) {
      const Attention& a = captured[0][t];
      const Attention& b = captured[1][t];
      int layer = clamp_index(args.layer, kNotebookLayer, std::min(a.layers, b.layers), "--layer");
      int head = clamp_index(args.head, 0, std::min(a.heads, b.heads), "--head");
      compare_section(report, {a, b}, "compare/text" + std::to_string(t + 1), layer, head);
    }
    explorer_page_section(report, captured, texts[t], t);
  }
  for (std::size_t m = 0; m < models.size(); ++m)
    if (corpora[m]) {
      const std::string& name = captured[m].front().model_name;
      corpus_section(report.page(), report.root(), "corpus/" + file_stem(name), name,
                     corpora[m]->source, corpora[m]->run, report.format(), args.min_count);
    }
  std::cout << report.finish().string() << "\n";
}

const Command reg(1, [](CLI::App& root) {
  auto args = std::make_shared<ReportArgs>();
  auto* cmd = root.add_subcommand(
      "report", "Every figure and analysis for each model and text, with an index.html");
  add_model_args(cmd, args->model, /*repeatable=*/true, /*required=*/false);
  add_input_args(cmd, args->input, /*repeatable=*/true);
  add_figure_args(cmd, args->figure);
  add_scale_args(cmd, args->figure);
  cmd->get_option("--output")
      ->description("Report folder (created if needed; default ./attnscope-report)");
  cmd->get_option("--format")->description("Figure format: png (default), svg or pdf");
  cmd->add_option("-l,--layer", args->layer,
                  "Layer for the head, layer and compare figures (default 5, as in the notebook, "
                  "or the last layer of smaller models)");
  cmd->add_option("--head", args->head,
                  "Head for the head figure (default 3) and compare (default 0)");
  cmd->add_flag("--seed-exact", args->seed_exact,
                "Summary's first panel as in the notebook (mean weight, always 1/n)");
  add_verbatim_option(cmd, "--conllu", args->conllu,
                      "A CoNLL-U treebank: add each model's corpus statistics and dependency "
                      "probing (files under corpus/<model>/)");
  cmd->add_option("--max-docs", args->max_docs,
                  "With --conllu: use only the first N sentences (default: all)");
  cmd->add_option("--batch", args->batch, "With --conllu: sentences per forward pass (default 16)")
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--min-count", args->min_count,
                  "Probe relations with fewer scored words are left out (default 100)")
      ->check(CLI::NonNegativeNumber);
  add_verbatim_option(cmd, "--probe", args->probes,
                      "Folder of an earlier `attnscope corpus` run to show instead of computing "
                      "one (repeatable, one per model)");
  cmd->footer(
      "Defaults: --model bert-base-uncased --model gpt2 and the notebook's five sentences.\n"
      "Example: attnscope report -o report && xdg-open report/index.html\n"
      "         attnscope report --model ./my-bert --text \"The cat sat on the mat.\" -o out");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace attnscope::cli
