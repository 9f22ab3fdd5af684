#pragma once
// What every figure command shares: -o/--output, --format, --dpi, --no-special, default file
// names, and turning one --text into an Attention record (of words, for those with --words).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <optional>
#include <string>

#include "attention/attention.hpp"
#include "cli/options.hpp"
#include "cli/word_args.hpp"
#include "render/figure_file.hpp"
#include "render/head_figure.hpp"
#include "render/scene.hpp"

namespace attnscope::cli {

struct FigureArgs {
  std::string output;
  std::string format;
  double dpi = render::kDefaultDpi;
  bool no_special = false;
  // Token-attention heatmaps only (add_scale_args): --cmap, --vmax, --log, --size, --font-size.
  std::string cmap;
  std::string vmax;  // a number or "auto"; empty: auto beyond 64 tokens, else 1
  bool log = false;
  std::string size;  // "WxH" in inches
  std::optional<double> font_size;
  // Throws UsageError for a --vmax or --size that does not parse.
  render::FigureOptions options() const;
};

void add_figure_args(CLI::App* command, FigureArgs& args);
// --cmap, --vmax, --log, --size, --font-size: for the head and layer heatmaps.
void add_scale_args(CLI::App* command, FigureArgs& args);

// Required --layer and --head, 0-based, negative counting from the end.
void add_layer_head_args(CLI::App* command, int& layer, int& head);

// Checks --format, --dpi and the output folder before any model runs, so bad usage fails fast.
class FigureTarget {
 public:
  explicit FigureTarget(const FigureArgs& args);
  // Renders and writes atomically to -o, or to `default_stem` plus the format's extension in the
  // current folder ("bert-base-uncased_layer5_all_heads.png"), then prints the path on stdout.
  void save(const render::Scene& scene, const std::string& default_stem) const;

 private:
  std::filesystem::path output_;
  render::Format format_;
  double dpi_;
};

// A model name made safe for a file name ("openai-community/gpt2" -> "openai-community_gpt2").
std::string file_stem(const std::string& model_name);

// Captures the one --text (at word level with --words).
Attention capture_one(const Pretrained& model, const InputArgs& input, const WordArgs& words = {});
// The same after loading the one --model.
Attention capture_one(const ModelArgs& model, const InputArgs& input, const WordArgs& words = {});

// The figure options, with the word-level footnote under --words.
render::FigureOptions figure_options(const FigureArgs& figure, const WordArgs& words);

}  // namespace attnscope::cli
