// attnscope layer: every head of one layer in a grid (the notebook's plot_all_heads_in_layer).
#include "cli/command.hpp"
#include "cli/figure_args.hpp"
#include "render/layer_figure.hpp"
#include "render/layer_head.hpp"

namespace attnscope::cli {
namespace {

struct LayerArgs {
  ModelArgs model;
  InputArgs input;
  FigureArgs figure;
  WordArgs words;
  int layer = 0;
};

void run(const LayerArgs& args) {
  FigureTarget target(args.figure);
  Attention a = capture_one(args.model, args.input, args.words);
  int layer = render::resolve_layer(a, args.layer);
  target.save(render::layer_figure(a, layer, figure_options(args.figure, args.words)),
              file_stem(a.model_name) + "_layer" + std::to_string(layer) + "_all_heads" +
                  (args.words.words ? "_words" : ""));
}

const Command reg(31, [](CLI::App& root) {
  auto args = std::make_shared<LayerArgs>();
  auto* cmd = root.add_subcommand("layer", "Grid of every head's heatmap in one layer");
  add_model_args(cmd, args->model);
  add_input_args(cmd, args->input, /*repeatable=*/false);
  cmd->add_option("-l,--layer", args->layer, "Layer, 0-based; negative counts from the end")
      ->required();
  add_figure_args(cmd, args->figure);
  add_scale_args(cmd, args->figure);
  add_word_args(cmd, args->words);
  cmd->footer(
      "Example: attnscope layer --model bert-base-uncased --text \"The cat sat on the mat.\" "
      "--layer 5 -o layer5.png");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace attnscope::cli
