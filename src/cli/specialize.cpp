// attnscope specialize: the notebook's analyze_head_specialization made honest. Positional
// (distance score) and delimiter (punctuation) heads, and Clark et al.'s measured attention to
// the previous/next token, itself, [CLS], [SEP] and the last token, with their labels. The
// notebook's "syntactic"/"semantic" split is only a guess from layer position, and is printed as
// that; with --probe DIR a head is "syntactic" only where dependency probing backs it.
#include <cmath>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>

#include "analysis/clark_metrics.hpp"
#include "analysis/score_grid_text.hpp"
#include "analysis/seed_specialization.hpp"
#include "analysis/syntactic_heads.hpp"
#include "cli/analysis_output.hpp"
#include "cli/command.hpp"
#include "cli/probe_input.hpp"

namespace attnscope::cli {
namespace {

struct SpecializeArgs {
  ModelArgs model;
  InputArgs input;
  AnalysisOutputArgs output;
  analysis::SpecializationThresholds thresholds;
  std::string probe;
};

// What the probe says, when --probe was given.
struct ProbeLabels {
  std::string source;
  double sentences = 0;
  std::vector<analysis::SyntacticHead> heads;
};

analysis::HeadScores specialization_scores(const Attention& attention) {
  auto scores = analysis::seed_specialization(attention);
  scores.append(analysis::clark_metrics(attention));
  return scores;
}

std::vector<analysis::HeadRef> above(const analysis::HeadScores& scores, const char* metric,
                                     double threshold) {
  std::vector<analysis::HeadRef> heads;
  for (const auto& head : scores.ranked(metric))
    if (head.score > threshold) heads.push_back(head);
  return heads;
}

std::string head_name(int layer, int head) {
  return "L" + std::to_string(layer) + "H" + std::to_string(head);
}

// Layers the notebook's heuristic puts in each group, as a readable range; with a probe, its
// "syntactic" group is dropped: the probe decides that label.
std::map<std::string, std::vector<int>> heuristic_layers(int layers, bool probed) {
  std::map<std::string, std::vector<int>> groups;
  for (int layer = 0; layer < layers; ++layer)
    if (auto group = analysis::layer_range_heuristic(layer, layers))
      if (!probed || *group != "syntactic") groups[*group].push_back(layer);
  return groups;
}

const char* kHeuristicNote =
    "the notebook labels heads 'syntactic' or 'semantic' by layer position alone; this is a "
    "heuristic, not a measurement of what any head does";
const char* kProbedHeuristicNote =
    "'syntactic' comes from the dependency probe; the notebook's 'semantic' label is still "
    "assigned by layer position alone; this is a heuristic, not a measurement of what any head "
    "does";

void print_probe_labels(const ProbeLabels& probe, int layers) {
  std::cout << "\n  Syntactic heads (dependency probe " << probe.source << ", "
            << static_cast<long long>(probe.sentences) << " sentences; "
            << analysis::syntactic_rule() << "): " << probe.heads.size() << "\n";
  for (const auto& head : probe.heads)
    std::cout << "    " << std::left << std::setw(6) << head_name(head.layer, head.head)
              << std::right << analysis::syntactic_label(head) << "\n";
  const auto by_position = heuristic_layers(layers, false);
  if (auto it = by_position.find("syntactic"); it != by_position.end())
    std::cout << "    (heads of layers " << it->second.front() << "-" << it->second.back()
              << ", 'syntactic' by layer position, are called so only where listed here)\n";
}

void print_report(const analysis::HeadScores& scores, const SpecializeArgs& args, int texts,
                  const std::optional<ProbeLabels>& probe) {
  std::cout << "Head specialization";
  if (texts > 1) std::cout << " (scores averaged over " << texts << " texts)";
  std::cout << "\n";
  struct Category {
    const char* title;
    const char* metric;
    double threshold;
  };
  for (const auto& c : {Category{"POSITIONAL heads (attend by token distance)", "distance",
                                 args.thresholds.positional},
                        Category{"DELIMITER heads (attend to punctuation)", "punctuation",
                                 args.thresholds.delimiter}}) {
    const auto heads = above(scores, c.metric, c.threshold);
    std::cout << "\n  " << c.title << ", " << c.metric << " > " << c.threshold << ": "
              << heads.size() << "\n";
    for (std::size_t k = 0; k < std::min<std::size_t>(5, heads.size()); ++k)
      std::cout << "    Layer " << std::setw(2) << heads[k].layer << ", Head " << heads[k].head
                << ": score=" << std::fixed << std::setprecision(3) << heads[k].score
                << std::defaultfloat << "\n";
  }

  std::map<std::string, std::vector<std::string>> labelled;
  for (int layer = 0; layer < scores.layers(); ++layer)
    for (int head = 0; head < scores.heads(); ++head)
      if (auto label = analysis::clark_label(scores, layer, head); !label.empty())
        labelled[label].push_back(head_name(layer, head));
  std::cout << "\n  Measured labels (Clark et al. 2019 thresholds):";
  if (labelled.empty()) std::cout << " none";
  std::cout << "\n";
  for (const auto& [label, heads] : labelled) {
    std::cout << "    " << std::left << std::setw(9) << label << std::right;
    for (const auto& head : heads) std::cout << " " << head;
    std::cout << "\n";
  }

  if (probe) print_probe_labels(*probe, scores.layers());
  std::cout << "\n  Layer-range heuristic: " << (probe ? kProbedHeuristicNote : kHeuristicNote)
            << ".\n";
  for (const auto& [group, layers] : heuristic_layers(scores.layers(), probe.has_value()))
    std::cout << "    '" << group << "' by position: layers " << layers.front() << "-"
              << layers.back() << "\n";
  std::cout << "\n";
}

const std::vector<render::ScorePanel> kPanels = {{"distance", "Distance score"},
                                                 {"punctuation", "Attention to punctuation"},
                                                 {"previous_token", "Attention to previous token"},
                                                 {"next_token", "Attention to next token"},
                                                 {"self", "Attention to itself"},
                                                 {"cls", "Attention to [CLS] (GPT-2: first token)"},
                                                 {"sep", "Attention to [SEP]"},
                                                 {"last_token", "Attention to last token"},
                                                 {"entropy_smoothed", "Entropy (smoothed, nats)"}};

nlohmann::json probe_labels_json(const ProbeLabels& probe) {
  auto heads = nlohmann::json::array();
  for (const auto& head : probe.heads) {
    auto relations = nlohmann::json::array();
    for (const auto& r : head.relations)
      relations.push_back({{"relation", r.relation},
                           {"direction", r.direction},
                           {"accuracy", r.accuracy},
                           {"baseline_offset", r.baseline_offset},
                           {"baseline_accuracy", r.baseline_accuracy},
                           {"margin", r.margin()}});
    heads.push_back({{"layer", head.layer},
                     {"head", head.head},
                     {"label", analysis::syntactic_label(head)},
                     {"relations", std::move(relations)}});
  }
  return {{"probe", probe.source},
          {"sentences", static_cast<int64_t>(probe.sentences)},
          {"margin", analysis::kSyntacticMargin},
          {"rule", analysis::syntactic_rule()},
          {"heads", std::move(heads)}};
}

void run(const SpecializeArgs& args) {
  check_analysis_outputs(args.output);
  const auto model = load_model(args.model);
  std::optional<ProbeLabels> probe;
  if (!args.probe.empty()) {
    const analysis::ProbeResult result = read_probe(args.probe, model.name);
    probe = ProbeLabels{args.probe, result.sentences, analysis::syntactic_heads(result)};
  }
  const auto report = score_texts(model, args.input, specialization_scores);
  const auto& scores = report.scores;

  nlohmann::json extra;
  extra["analysis"] = "specialize";
  extra["thresholds"] = {{"positional", args.thresholds.positional},
                         {"delimiter", args.thresholds.delimiter}};
  for (const auto& [key, metric, threshold] :
       {std::tuple{"positional", "distance", args.thresholds.positional},
        std::tuple{"delimiter", "punctuation", args.thresholds.delimiter}}) {
    auto& list = extra["categories"][key] = nlohmann::json::array();
    for (const auto& head : above(scores, metric, threshold))
      list.push_back({head.layer, head.head});
  }
  auto& labels = extra["labels"] = nlohmann::json::array();
  for (int layer = 0; layer < scores.layers(); ++layer) {
    auto row = nlohmann::json::array();
    for (int head = 0; head < scores.heads(); ++head)
      row.push_back(analysis::clark_label(scores, layer, head));
    labels.push_back(row);
  }
  if (probe) extra["syntactic_heads"] = probe_labels_json(*probe);
  extra["layer_range_heuristic"] = {
      {"note", probe ? kProbedHeuristicNote : kHeuristicNote},
      {"layers", heuristic_layers(scores.layers(), probe.has_value())}};
  if (write_head_scores(args.output, report, extra, kPanels,
                        report.model + ": head specialization"))
    return;

  print_report(scores, args, static_cast<int>(report.tokens.size()), probe);
  for (const auto& panel : render::available_panels(scores, kPanels)) {
    analysis::print_score_grid(std::cout, scores, panel.metric, panel.title);
    std::cout << "\n";
  }
}

const Command reg(51, [](CLI::App& root) {
  auto args = std::make_shared<SpecializeArgs>();
  auto* cmd = root.add_subcommand(
      "specialize",
      "Positional, delimiter, previous/next-token, self and [SEP] attention of every head");
  add_model_args(cmd, args->model);
  add_input_args(cmd, args->input);
  add_analysis_output_args(cmd, args->output);
  cmd->add_option("--positional", args->thresholds.positional,
                  "Distance score above which a head is positional")
      ->capture_default_str();
  cmd->add_option("--delimiter", args->thresholds.delimiter,
                  "Punctuation attention above which a head is a delimiter head")
      ->capture_default_str();
  add_verbatim_option(cmd, "--probe", args->probe,
                      "Folder of `attnscope corpus --conllu` (its probe.json): call a head "
                      "syntactic only where it beats a relation's best baseline by 10 points");
  cmd->footer(
      "Example: attnscope specialize --model bert-base-uncased --text \"The cat sat, then it "
      "left.\"\n"
      "         attnscope specialize --model bert-base-uncased --text-file texts.txt -o "
      "specialize.png");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace attnscope::cli
