// attnscope detect: TransformerLens-style head detection (previous-token, duplicate-token and
// induction patterns, "mul" or "abs" scores) on texts or token ids, and the standard induction
// test on repeated random tokens: [BOS] r₁..r_N r₁..r_N, scored by the attention from each
// repeated token to the token after its earlier copy.
#include <charconv>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "analysis/head_detector.hpp"
#include "analysis/repeat_random.hpp"
#include "analysis/score_grid_text.hpp"
#include "cli/analysis_output.hpp"
#include "cli/command.hpp"
#include "core/error.hpp"
#include "pipeline/capture.hpp"
#include "pipeline/repeat_random_input.hpp"

namespace attnscope::cli {
namespace {

struct DetectArgs {
  ModelArgs model;
  InputArgs input;
  AnalysisOutputArgs output;
  std::vector<std::string> patterns;
  std::string score;  // "mul", "abs" or "stripe"; empty: stripe for --repeat-random, else mul
  bool exclude_first_token = false;
  bool exclude_self = false;
  int repeat_random = 0;
  int batch = 10;
  double threshold = analysis::kDetectedAbove;
  uint64_t seed = 0;
  std::string vocab_range;
  std::string ids_file;
};

const std::map<std::string, analysis::DetectorPattern> kPatterns = {
    {"previous_token", analysis::DetectorPattern::PreviousToken},
    {"duplicate_token", analysis::DetectorPattern::DuplicateToken},
    {"induction", analysis::DetectorPattern::Induction}};

std::vector<int32_t> parse_id_list(const std::string& line, const std::string& where) {
  std::vector<int32_t> ids;
  std::string text = line;
  for (char& c : text)
    if (c == ',') c = ' ';
  std::istringstream in(text);
  for (std::string item; in >> item;) {
    int32_t id = 0;
    auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), id);
    if (error != std::errc() || end != item.data() + item.size())
      throw UsageError(where + ": '" + item + "' is not a token id; write ids separated by " +
                       "commas or spaces, one sequence per line");
    ids.push_back(id);
  }
  return ids;
}

std::vector<std::vector<int32_t>> read_ids_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read --ids-file " + path + ": no such file");
  std::vector<std::vector<int32_t>> sequences;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    auto ids = parse_id_list(line, path + " line " + std::to_string(number));
    if (!ids.empty()) sequences.push_back(std::move(ids));
  }
  if (sequences.empty()) throw UsageError("--ids-file " + path + " holds no token ids");
  return sequences;
}

std::pair<int32_t, int32_t> parse_range(const std::string& range, int32_t vocab_size) {
  if (range.empty()) return {0, vocab_size};
  const auto colon = range.find(':');
  int32_t low = 0, high = 0;
  const char* text = range.data();
  if (colon == std::string::npos || std::from_chars(text, text + colon, low).ptr != text + colon ||
      std::from_chars(text + colon + 1, text + range.size(), high).ptr != text + range.size())
    throw UsageError("--vocab-range must look like LO:HI (ids LO..HI-1), e.g. 1000:20000; got '" +
                     range + "'");
  if (low < 0 || high > vocab_size || low >= high)
    throw UsageError("--vocab-range " + range + " must lie within 0:" + std::to_string(vocab_size) +
                     " with LO < HI");
  return {low, high};
}

// Without reading --text-file: it may be stdin, which only the analysis itself may consume.
bool has_text_input(const InputArgs& input) {
  return !input.texts.empty() || !input.text_file.empty();
}

struct Plan {
  std::string score;
  analysis::DetectorOptions detector;
  std::vector<analysis::DetectorPattern> patterns;
};

Plan plan_for(const DetectArgs& args) {
  Plan plan;
  plan.score = args.score.empty() ? (args.repeat_random > 0 ? "stripe" : "mul") : args.score;
  if (plan.score == "stripe" && args.repeat_random == 0)
    throw UsageError("--score stripe needs --repeat-random N (it reads the repeat of N tokens)");
  if (plan.score == "stripe" && (args.exclude_first_token || args.exclude_self))
    throw UsageError("--exclude-first-token and --exclude-self apply to --score mul or abs");
  if (plan.score == "stripe" && !args.patterns.empty())
    throw UsageError(
        "--pattern applies to --score mul or abs; the stripe score measures "
        "induction and previous_token");
  plan.detector = {plan.score == "abs" ? analysis::ErrorMeasure::Abs : analysis::ErrorMeasure::Mul,
                   args.exclude_first_token, args.exclude_self};
  for (const auto& name :
       args.patterns.empty()
           ? std::vector<std::string>{"previous_token", "duplicate_token", "induction"}
           : args.patterns)
    plan.patterns.push_back(kPatterns.at(name));
  if (args.repeat_random > 0 && has_text_input(args.input))
    throw UsageError("--repeat-random makes its own input; drop --text/--text-file");
  if (!args.ids_file.empty() && has_text_input(args.input))
    throw UsageError("give either --ids-file or --text/--text-file, not both");
  return plan;
}

void print_rankings(const analysis::HeadScores& scores, const nlohmann::json& about,
                    const analysis::MarkRule& rule) {
  std::cout << "Head detection, score " << about["score"].get<std::string>();
  if (about.contains("repeat_random"))
    std::cout << " on " << about["repeat_random"]["batch"]
              << " sequences of repeated random tokens (N = " << about["repeat_random"]["length"]
              << ")";
  std::cout << "\n";
  const auto print_head = [](const analysis::HeadRef& head, const char* before) {
    std::cout << before << "L" << head.layer << "H" << head.head << " " << std::fixed
              << std::setprecision(3) << head.score << std::defaultfloat;
  };
  for (const auto& metric : scores.metrics()) {
    const auto marked = analysis::mark_heads(scores, metric.name, rule);
    std::cout << "\n  " << metric.name << ": " << marked.legend;
    if (marked.heads.empty()) print_head(scores.ranked(metric.name).front(), "; the best is ");
    for (const auto& head : marked.heads) print_head(head, "  ");
    std::cout << "\n";
  }
  std::cout << "\n";
  for (const auto& metric : scores.metrics()) {
    analysis::print_score_grid(std::cout, scores, metric.name, metric.name, rule);
    std::cout << "\n";
  }
}

void run(const DetectArgs& args) {
  check_analysis_outputs(args.output);
  const Plan plan = plan_for(args);
  const auto model = load_model(args.model);

  nlohmann::json about;
  about["analysis"] = "detect";
  about["score"] = plan.score;
  about["threshold"] = args.threshold;
  if (plan.score != "stripe") {
    about["exclude_first_token"] = args.exclude_first_token;
    about["exclude_self"] = args.exclude_self;
  }
  std::vector<std::vector<int32_t>> sequences;
  if (!args.ids_file.empty()) {
    sequences = read_ids_file(args.ids_file);
  } else if (args.repeat_random > 0) {
    const auto [low, high] = parse_range(args.vocab_range, model.model->config().vocab_size);
    sequences = repeat_random_input(model, {args.repeat_random, args.batch, args.seed, low, high},
                                    "--repeat-random ");
    about["repeat_random"] = {{"length", args.repeat_random},
                              {"batch", args.batch},
                              {"seed", args.seed},
                              {"vocab_range", {low, high}}};
  }
  if (args.repeat_random > 0) about["input_ids"] = sequences;

  auto score = [&](const Attention& attention) {
    if (plan.score == "stripe")
      return analysis::repeat_random_scores(
          attention, args.repeat_random,
          analysis::repeated_block_start(attention, args.repeat_random));
    return analysis::detect_heads(attention, plan.patterns, plan.detector);
  };
  analysis::ScoreReport report;
  if (sequences.empty()) {
    report = score_texts(model, args.input, score);
  } else {
    std::vector<Document> documents;
    for (auto& ids : sequences) documents.push_back({documents.size(), "", std::nullopt, ids});
    VectorSource source(std::move(documents));
    report = score_documents(model, source, args.input.capture(), score);
  }

  std::vector<render::ScorePanel> panels;
  for (const auto& metric : report.scores.metrics())
    panels.push_back({metric.name, metric.name + " (" + plan.score + ")", args.threshold});
  if (write_head_scores(args.output, report, about, panels, report.model + ": head detection"))
    return;
  print_rankings(report.scores, about, {.threshold = args.threshold});
}

const Command reg(52, [](CLI::App& root) {
  auto args = std::make_shared<DetectArgs>();
  auto* cmd = root.add_subcommand(
      "detect",
      "Previous-token, duplicate-token and induction head scores, and the induction test");
  add_model_args(cmd, args->model);
  add_input_args(cmd, args->input);
  add_analysis_output_args(cmd, args->output);
  cmd->add_option("--pattern", args->patterns,
                  "previous_token, duplicate_token or induction (repeatable; default all)")
      ->check(CLI::IsMember({"previous_token", "duplicate_token", "induction"}));
  cmd->add_option("--score", args->score,
                  "mul: share of attention on the pattern; abs: 1 - mean |A - pattern| * n; "
                  "stripe: the induction test's score (default with --repeat-random)")
      ->check(CLI::IsMember({"mul", "abs", "stripe"}));
  cmd->add_flag("--exclude-first-token", args->exclude_first_token,
                "Ignore attention to the first token (BOS/[CLS]) when scoring");
  cmd->add_flag("--exclude-self", args->exclude_self,
                "Ignore attention of each token to itself when scoring");
  cmd->add_option("--repeat-random", args->repeat_random,
                  "Induction test: N random token ids repeated once, after BOS/[CLS]")
      ->check(at_least_one());
  cmd->add_option("--batch", args->batch, "Sequences for --repeat-random")
      ->capture_default_str()
      ->check(at_least_one());
  cmd->add_option("--threshold", args->threshold,
                  "A head counts as detected above this score (marked in the grid and figure)")
      ->capture_default_str()
      ->check(CLI::Range(-1.0, 1.0));
  cmd->add_option("--seed", args->seed, "Random seed for --repeat-random")->capture_default_str();
  cmd->add_option("--vocab-range", args->vocab_range,
                  "Draw ids from LO:HI (HI excluded); default: the whole vocabulary");
  cmd->add_option("--ids-file", args->ids_file,
                  "Token id sequences instead of text, one per line (commas or spaces); with "
                  "--repeat-random N they replace the random draw");
  cmd->footer(
      "Example: attnscope detect --model gpt2 --repeat-random 50 --batch 10\n"
      "         attnscope detect --model gpt2 --text-file texts.txt --score abs "
      "--exclude-first-token --json");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace attnscope::cli
