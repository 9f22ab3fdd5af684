// attnscope html: the explorer as one self-contained HTML file (results embedded, no server, no
// network), for every model × text given.
#include <iostream>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "pipeline/capture.hpp"
#include "web/explorer_page.hpp"

namespace attnscope::cli {
namespace {

struct HtmlArgs {
  ModelArgs model;
  InputArgs input;
  std::string output;
  bool compact = false;
};

void run(const HtmlArgs& args) {
  apply_threads(args.model);
  const std::vector<std::string> texts = args.input.collect();
  if (texts.empty()) throw UsageError("no text given; pass --text \"...\" or --text-file FILE");
  std::vector<Attention> attentions;
  web::ExplorerPageOptions page;
  page.compact = args.compact;
  for (const auto& spec : args.model.models) {
    const Pretrained model = load_named_model(args.model, spec);
    for (const auto& text : texts) {
      attentions.push_back(capture_attention(model, text, args.input.capture()));
      page.texts.push_back(text);
    }
  }
  page.title = "attnscope explorer: " + attentions.front().model_name;
  const std::string path =
      args.output.empty() ? attentions.front().model_name + "-explorer.html" : args.output;
  write_file_atomic(path, web::render_explorer_html(attentions, page));
  std::cout << path << "\n";
}

const Command reg(81, [](CLI::App& root) {
  auto args = std::make_shared<HtmlArgs>();
  auto* cmd = root.add_subcommand(
      "html", "The explorer as one self-contained HTML file that opens offline from disk");
  add_model_args(cmd, args->model, /*repeatable=*/true);
  add_input_args(cmd, args->input);
  cmd->add_option("-o,--output", args->output, "HTML file to write (default: MODEL-explorer.html)");
  cmd->add_flag("--compact", args->compact,
                "Store the attention as compressed float16 (each weight within 0.00025), about a "
                "tenth of the size; what `report` writes");
  cmd->footer(
      "Example: attnscope html --model bert-base-uncased --text \"The cat sat on the mat.\" "
      "-o page.html");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace attnscope::cli
