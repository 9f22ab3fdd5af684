// attnscope head: one head's attention as a heatmap (the notebook's plot_attention_head).
#include "cli/command.hpp"
#include "cli/figure_args.hpp"
#include "render/head_figure.hpp"
#include "render/layer_head.hpp"

namespace attnscope::cli {
namespace {

struct HeadArgs {
  ModelArgs model;
  InputArgs input;
  FigureArgs figure;
  WordArgs words;
  int layer = 0;
  int head = 0;
};

void run(const HeadArgs& args) {
  FigureTarget target(args.figure);
  Attention a = capture_one(args.model, args.input, args.words);
  int layer = render::resolve_layer(a, args.layer);
  int head = render::resolve_head(a, args.head);
  target.save(render::head_figure(a, layer, head, figure_options(args.figure, args.words)),
              file_stem(a.model_name) + "_attention_layer" + std::to_string(layer) + "_head" +
                  std::to_string(head) + (args.words.words ? "_words" : ""));
}

const Command reg(30, [](CLI::App& root) {
  auto args = std::make_shared<HeadArgs>();
  auto* cmd = root.add_subcommand("head", "Heatmap of one attention head (query x key)");
  add_model_args(cmd, args->model);
  add_input_args(cmd, args->input, /*repeatable=*/false);
  add_layer_head_args(cmd, args->layer, args->head);
  add_figure_args(cmd, args->figure);
  add_scale_args(cmd, args->figure);
  add_word_args(cmd, args->words);
  cmd->footer(
      "Example: attnscope head --model bert-base-uncased --text \"The cat sat on the mat.\" "
      "--layer 5 --head 3 -o head.png");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace attnscope::cli
