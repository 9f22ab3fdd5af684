#include "cli/figure_args.hpp"

#include <iostream>

#include "core/error.hpp"
#include "pipeline/capture.hpp"
#include "pipeline/pretrained.hpp"

namespace attnscope::cli {

void add_layer_head_args(CLI::App* command, int& layer, int& head) {
  command->add_option("-l,--layer", layer, "Layer, 0-based; negative counts from the end")
      ->required();
  command->add_option("--head", head, "Head, 0-based; negative counts from the end")->required();
}

void add_figure_args(CLI::App* command, FigureArgs& args) {
  command->add_option("-o,--output", args.output,
                      "Figure file (.png, .svg or .pdf); default: a name like the notebook's, "
                      "in the current folder");
  command->add_option("--format", args.format, "png, svg or pdf (default: from the file name)");
  command->add_option("--dpi", args.dpi, "PNG resolution (default 150, as in the notebook)")
      ->check(CLI::Range(10.0, 1200.0));
  command->add_flag("--no-special", args.no_special, "Hide [CLS]/[SEP]/BOS rows and columns");
}

FigureTarget::FigureTarget(const FigureArgs& args) : output_(args.output), dpi_(args.dpi) {
  if (output_.empty()) {
    format_ = args.format.empty() ? render::Format::Png : render::parse_format(args.format);
    return;
  }
  format_ = render::format_for(output_, args.format);
  auto parent = output_.parent_path();
  if (!parent.empty() && !std::filesystem::is_directory(parent))
    throw Error("cannot write " + output_.string() + ": folder " + parent.string() +
                " does not exist; create it first");
  if (std::filesystem::is_directory(output_))
    throw UsageError("-o " + output_.string() + " is a folder; give a file name like figure.png");
}

void FigureTarget::save(const render::Scene& scene, const std::string& default_stem) const {
  std::filesystem::path path =
      output_.empty() ? std::filesystem::path(default_stem + "." + render::extension(format_))
                      : output_;
  render::save_figure(scene, path, format_, dpi_);
  std::cout << path.string() << "\n";
}

std::string file_stem(const std::string& model_name) {
  std::string stem;
  for (char c : model_name) stem += (c == '/' || c == '\\' || c == ' ') ? '_' : c;
  return stem;
}

Attention capture_one(const ModelArgs& model, const InputArgs& input, const WordArgs& words) {
  return capture_one(load_model(model), input, words);
}

Attention capture_one(const Pretrained& model, const InputArgs& input, const WordArgs& words) {
  std::vector<std::string> texts = input.collect();
  if (texts.size() != 1)
    throw UsageError("this command takes exactly one --text (got " + std::to_string(texts.size()) +
                     ")");
  const CaptureOptions options = input.capture();
  Attention tokens = capture_attention(model, texts.front(), options);
  if (!words.words) return tokens;
  return analysis::word_level(tokens, texts.front(), options.text_pair, words.from()).attention;
}

render::FigureOptions figure_options(const FigureArgs& figure, const WordArgs& words) {
  render::FigureOptions options = figure.options();
  if (words.words) options.note = analysis::word_level_note(words.from());
  return options;
}

}  // namespace attnscope::cli
