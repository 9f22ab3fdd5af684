#include "cli/figure_args.hpp"

#include <cmath>
#include <iostream>

#include "core/error.hpp"
#include "pipeline/capture.hpp"
#include "pipeline/pretrained.hpp"
#include "render/colormap.hpp"

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

void add_scale_args(CLI::App* command, FigureArgs& args) {
  std::string names;
  for (const auto& name : render::Colormap::names()) names += (names.empty() ? "" : ", ") + name;
  command->add_option("--cmap", args.cmap, "Colour map: " + names + " (default YlOrRd)")
      ->check(CLI::IsMember(render::Colormap::names()));
  command->add_option("--vmax", args.vmax,
                      "Top of the colour scale: a number, or auto (the 99th percentile of the "
                      "cells shown); default auto beyond 64 tokens, else 1 as in the notebook");
  command->add_flag("--log", args.log, "Logarithmic colour scale (thin weights stay visible)");
  command->add_option("--size", args.size, "Figure size WxH in inches, e.g. 7x6");
  command
      ->add_option("--font-size", args.font_size,
                   "Tick label size in points (default 10, grown with long inputs); titles "
                   "and axis labels in proportion")
      ->check(CLI::Range(2.0, 72.0));
}

namespace {

double positive_number(const std::string& text, const std::string& what,
                       const std::string& example) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !(value > 0) || !std::isfinite(value))
    throw UsageError(what + " must be " + example + "; got '" + text + "'");
  return value;
}

}  // namespace

render::FigureOptions FigureArgs::options() const {
  render::FigureOptions options{.hide_special = no_special};
  options.scale.cmap = cmap;
  options.scale.log = log;
  if (vmax == "auto")
    options.scale.vmax_auto = true;
  else if (!vmax.empty())
    options.scale.vmax = positive_number(vmax, "--vmax", "a number above 0 or auto, e.g. 0.3");
  if (!size.empty()) {
    const auto x = size.find_first_of("xX");
    const std::string example = "WxH in inches, e.g. 7x6";
    if (x == std::string::npos)
      throw UsageError("--size must be " + example + "; got '" + size + "'");
    const double w = positive_number(size.substr(0, x), "--size", example),
                 h = positive_number(size.substr(x + 1), "--size", example);
    if (w > 200 || h > 200) throw UsageError("--size " + size + " is over 200 inches a side");
    options.size_inches = std::pair{w, h};
  }
  options.font_size = font_size;
  return options;
}

FigureTarget::FigureTarget(const FigureArgs& args) : output_(args.output), dpi_(args.dpi) {
  args.options();  // bad --vmax or --size fail here, before any model loads
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
