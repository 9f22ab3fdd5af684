// attnscope flow: where one token looks, layer by layer (the notebook's plot_attention_flow).
#include <iostream>

#include "cli/command.hpp"
#include "cli/figure_args.hpp"
#include "core/error.hpp"
#include "render/flow_figure.hpp"
#include "render/layer_head.hpp"

namespace attnscope::cli {
namespace {

struct FlowArgs {
  ModelArgs model;
  InputArgs input;
  FigureArgs figure;
  std::string token;
  std::optional<int> index;
};

void run(const FlowArgs& args) {
  if (!args.token.empty() && args.index.has_value())
    throw UsageError("flow takes --token WORD or --index I, not both");
  FigureTarget target(args.figure);
  const Pretrained model = load_model(args.model);
  Attention a = capture_one(model, args.input);
  int query = args.index ? render::resolve_index(*args.index, a.n(), "--index")
              : !args.token.empty()
                  ? render::find_token(a, args.token, model.tokenizer->single_pieces(args.token))
                  : render::default_flow_query(a);
  if (std::string warning = render::trivial_flow_warning(a, query); !warning.empty())
    std::cerr << "attnscope: warning: " << warning << "\n";
  target.save(render::flow_figure(a, query, args.figure.options()),
              file_stem(a.model_name) + "_attention_flow_token_" + std::to_string(query));
}

const Command reg(32, [](CLI::App& root) {
  auto args = std::make_shared<FlowArgs>();
  auto* cmd = root.add_subcommand(
      "flow", "One token's attention across layers, averaged over heads (layers x tokens)");
  add_model_args(cmd, args->model);
  add_input_args(cmd, args->input, /*repeatable=*/false);
  add_verbatim_option(cmd, "--token", args->token,
                      "The query token, as shown in figures (first match); an error lists the "
                      "tokens if it is absent. Default: an encoder's first word token, a "
                      "decoder's last");
  cmd->add_option("-i,--index", args->index,
                  "The query token's position, 0-based; negative "
                  "counts from the end");
  add_figure_args(cmd, args->figure);
  cmd->footer(
      "Example: attnscope flow --model bert-base-uncased --text \"The cat sat on the mat.\" "
      "--token cat -o flow.png");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace attnscope::cli
