// attnscope explore: a report of notable heads and the heatmap of the most focused one (the
// notebook's interactive_attention_explorer, ranking every head instead of drawing layer 2 head 0).
#include <iostream>

#include "cli/command.hpp"
#include "cli/figure_args.hpp"
#include "render/explore_figure.hpp"

namespace attnscope::cli {
namespace {

struct ExploreArgs {
  ModelArgs model;
  InputArgs input;
  FigureArgs figure;
};

void run(const ExploreArgs& args) {
  FigureTarget target(args.figure);
  Attention a = capture_one(args.model, args.input);
  render::Exploration e = render::explore_heads(a, args.input.collect().front());
  std::cout << e.report;
  target.save(render::explore_figure(a, e, args.figure.options()),
              file_stem(a.model_name) + "_attention_explorer");
}

const Command reg(35, [](CLI::App& root) {
  auto args = std::make_shared<ExploreArgs>();
  auto* cmd = root.add_subcommand("explore", "Report notable heads and draw the most focused one");
  add_model_args(cmd, args->model);
  add_input_args(cmd, args->input, /*repeatable=*/false);
  add_figure_args(cmd, args->figure);
  cmd->footer(
      "Example: attnscope explore --model bert-base-uncased --text \"She sells seashells by the "
      "seashore.\"");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace attnscope::cli
