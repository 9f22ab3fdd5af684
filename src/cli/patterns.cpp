// attnscope patterns: the notebook's analyze_attention_patterns on every head — locality, entropy
// (also divided by ln n, since 2.0 nats is out of reach for short texts) and first-token
// attention — with its thresholds, counts and top-5 lists, plus every head's scores.
#include <cmath>
#include <iomanip>
#include <iostream>
#include <memory>

#include "analysis/score_grid_text.hpp"
#include "analysis/seed_patterns.hpp"
#include "cli/analysis_output.hpp"
#include "cli/command.hpp"

namespace attnscope::cli {
namespace {

struct PatternsArgs {
  ModelArgs model;
  InputArgs input;
  AnalysisOutputArgs output;
  analysis::PatternThresholds thresholds;
};

struct Category {
  const char* key;    // JSON name
  const char* title;  // the notebook's heading
  const char* metric;
  double threshold;
  const char* unit;  // how the notebook prints the score
};

std::vector<analysis::HeadRef> above(const analysis::HeadScores& scores, const Category& c) {
  std::vector<analysis::HeadRef> heads;
  for (const auto& head : scores.ranked(c.metric))
    if (head.score > c.threshold) heads.push_back(head);
  return heads;
}

void print_categories(const analysis::HeadScores& scores, const std::vector<Category>& categories,
                      int texts) {
  std::cout << "Pattern analysis results";
  if (texts > 1) std::cout << " (scores averaged over " << texts << " texts)";
  std::cout << "\n";
  for (const auto& c : categories) {
    const auto heads = above(scores, c);
    std::cout << "\n  " << c.title << " heads (" << c.metric << " > " << c.threshold
              << "): " << heads.size() << "\n";
    for (std::size_t k = 0; k < std::min<std::size_t>(5, heads.size()); ++k)
      std::cout << "    Layer " << heads[k].layer << ", Head " << heads[k].head << ": " << c.unit
                << std::fixed << std::setprecision(3) << heads[k].score << std::defaultfloat
                << "\n";
  }
  std::cout << "\n";
}

void run(const PatternsArgs& args) {
  check_analysis_outputs(args.output);
  const auto model = load_model(args.model);
  const auto report = score_texts(model, args.input, analysis::seed_patterns);
  const auto& t = args.thresholds;
  const std::vector<Category> categories = {
      {"local", "Local attention", "locality", t.local, ""},
      {"global", "Global attention", "entropy", t.global, "entropy="},
      // A causal model has no [CLS]: its first token is <|endoftext|> with --bos, else the first
      // word.
      {"special", "Special token attention", "first_token", t.special,
       model.model->config().architecture == Architecture::Gpt2 ? "first-token attention="
                                                                : "[CLS] attention="}};

  nlohmann::json extra;
  extra["analysis"] = "patterns";
  for (const auto& c : categories) {
    extra["thresholds"][c.key] = c.threshold;
    auto& list = extra["categories"][c.key] = nlohmann::json::array();
    for (const auto& head : above(report.scores, c)) list.push_back({head.layer, head.head});
  }
  const std::vector<render::ScorePanel> panels = {{"locality", "Locality (within 2 tokens)"},
                                                  {"entropy", "Entropy (nats)"},
                                                  {"entropy_normalized", "Entropy / ln n"},
                                                  {"first_token", "Attention to first token"}};
  if (write_head_scores(args.output, report, extra, panels, report.model + ": attention patterns"))
    return;

  print_categories(report.scores, categories, static_cast<int>(report.tokens.size()));
  for (const auto& panel : panels) {
    analysis::print_score_grid(std::cout, report.scores, panel.metric, panel.title);
    std::cout << "\n";
  }
  if (report.tokens.size() == 1 && std::log(report.tokens.front().size()) <= t.global)
    std::cout << "Note: with " << report.tokens.front().size()
              << " tokens the largest possible entropy is ln n = "
              << std::log(report.tokens.front().size()) << " nats, so no head can pass --global "
              << t.global << "; see entropy / ln n (1 = uniform).\n";
}

const Command reg(50, [](CLI::App& root) {
  auto args = std::make_shared<PatternsArgs>();
  auto* cmd = root.add_subcommand(
      "patterns", "Locality, entropy and first-token attention of every head (the notebook's)");
  add_model_args(cmd, args->model);
  add_input_args(cmd, args->input);
  add_analysis_output_args(cmd, args->output);
  cmd->add_option("--local", args->thresholds.local, "Locality above which a head is local")
      ->capture_default_str();
  cmd->add_option("--global", args->thresholds.global,
                  "Entropy (nats) above which a head is global")
      ->capture_default_str();
  cmd->add_option("--special", args->thresholds.special,
                  "First-token attention above which a head is a special-token head")
      ->capture_default_str();
  cmd->footer(
      "Example: attnscope patterns --model bert-base-uncased --text \"The cat sat on the mat.\"\n"
      "         attnscope patterns --model gpt2 --text-file texts.txt --json > patterns.json");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace attnscope::cli
