// attnscope summary: the 2x2 overview of a model's attention on one text and the printed summary
// (the notebook's create_attention_summary).
#include <iostream>

#include "cli/command.hpp"
#include "cli/figure_args.hpp"
#include "render/summary_figure.hpp"

namespace attnscope::cli {
namespace {

struct SummaryArgs {
  ModelArgs model;
  InputArgs input;
  FigureArgs figure;
  bool seed_exact = false;
};

void run(const SummaryArgs& args) {
  FigureTarget target(args.figure);
  Attention a = capture_one(args.model, args.input);
  render::SummaryOptions options;
  options.hide_special = args.figure.no_special;
  options.seed_exact = args.seed_exact;
  target.save(render::summary_figure(a, options), file_stem(a.model_name) + "_attention_summary");
  std::cout << "\n" << render::summary_text(a);
  if (!args.seed_exact) std::cout << "Note: " << render::kSharpnessNote << "\n";
}

const Command reg(34, [](CLI::App& root) {
  auto args = std::make_shared<SummaryArgs>();
  auto* cmd = root.add_subcommand(
      "summary",
      "2x2 overview: sharpness and entropy by layer, average attention, attention "
      "received per token");
  add_model_args(cmd, args->model);
  add_input_args(cmd, args->input, /*repeatable=*/false);
  cmd->add_flag("--seed-exact", args->seed_exact,
                "First panel as in the notebook: mean attention weight per layer (always 1/n)");
  add_figure_args(cmd, args->figure);
  cmd->footer(
      "Example: attnscope summary --model bert-base-uncased --text \"The cat sat on the mat.\" "
      "-o summary.png");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace attnscope::cli
