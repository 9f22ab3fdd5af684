// attnscope compare: the same layer and head of two models side by side, and what differs (the
// notebook's compare_models_attention).
#include <iostream>

#include "cli/command.hpp"
#include "cli/figure_args.hpp"
#include "core/error.hpp"
#include "pipeline/capture.hpp"
#include "pipeline/pretrained.hpp"
#include "render/compare_figure.hpp"
#include "render/layer_head.hpp"

namespace attnscope::cli {
namespace {

struct CompareArgs {
  ModelArgs model;
  InputArgs input;
  FigureArgs figure;
  int layer = 0;
  int head = 0;
};

void run(const CompareArgs& args) {
  if (args.model.models.size() != 2)
    throw UsageError("compare needs exactly two --model options (got " +
                     std::to_string(args.model.models.size()) + ")");
  FigureTarget target(args.figure);
  std::vector<std::string> texts = args.input.collect();
  if (texts.size() != 1) throw UsageError("compare takes exactly one --text");
  apply_threads(args.model);
  std::vector<Attention> captured;
  for (const auto& spec : args.model.models) {
    Pretrained model = load_named_model(args.model, spec);
    captured.push_back(capture_attention(model, texts.front(), args.input.capture()));
  }
  const Attention& a = captured[0];
  const Attention& b = captured[1];
  target.save(render::compare_figure(a, b, args.layer, args.head, args.figure.options()),
              file_stem(a.model_name) + "_vs_" + file_stem(b.model_name) + "_attention");
  std::cout << "\n" << render::compare_explanation(a, b);
}

const Command reg(33, [](CLI::App& root) {
  auto args = std::make_shared<CompareArgs>();
  auto* cmd = root.add_subcommand(
      "compare", "Two models' attention side by side (encoder in Blues, decoder in Reds)");
  add_model_args(cmd, args->model, /*repeatable=*/true);
  add_input_args(cmd, args->input, /*repeatable=*/false);
  add_layer_head_args(cmd, args->layer, args->head);
  add_figure_args(cmd, args->figure);
  cmd->footer(
      "Example: attnscope compare --model bert-base-uncased --model gpt2 --text \"The cat sat on "
      "the mat.\" --layer 5 --head 0 -o compare.png");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace attnscope::cli
