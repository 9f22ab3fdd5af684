#include "cli/options.hpp"

#include <fstream>
#include <iostream>

#include "core/error.hpp"
#include "core/parallel.hpp"

namespace attnscope::cli {

void add_model_args(CLI::App* command, ModelArgs& args, bool repeatable, bool required) {
  auto* option = add_verbatim_option(
      command, "-m,--model", args.models,
      repeatable ? "Model folder or Hub id (repeatable)" : "Model folder or Hub id");
  if (required) option->required();
  if (!repeatable) option->expected(1);
  command->add_option("--revision", args.revision, "Hub branch, tag or commit")
      ->capture_default_str();
  command->add_option("--threads", args.threads, "Threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
}

void add_input_args(CLI::App* command, InputArgs& args, bool repeatable) {
  auto* text = add_verbatim_option(command, "-t,--text", args.texts,
                                   repeatable ? "Input text (repeatable)" : "Input text");
  if (!repeatable) text->expected(1);
  add_verbatim_option(command, "--text-pair", args.text_pair,
                      "Second segment of a BERT sentence pair");
  add_verbatim_option(command, "--text-file", args.text_file,
                      "File with one text per line ('-': stdin)");
  command->add_flag("--bos", args.bos, "GPT-2: prepend <|endoftext|>");
  command->add_flag("--truncate", args.truncate,
                    "Cut input longer than the model's maximum (with a warning)");
  command->add_flag("--replace-invalid", args.replace_invalid,
                    "Replace invalid UTF-8 with U+FFFD instead of failing");
}

CaptureOptions InputArgs::capture() const {
  CaptureOptions options;
  if (!text_pair.empty()) options.text_pair = text_pair;
  options.bos = bos;
  options.truncate = truncate;
  options.replace_invalid = replace_invalid;
  return options;
}

std::vector<std::string> InputArgs::collect() const {
  std::vector<std::string> all = texts;
  if (!text_file.empty()) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (text_file != "-") {
      file.open(text_file);
      if (!file) throw Error("cannot read --text-file " + text_file + ": no such file");
      in = &file;
    }
    std::string line;
    while (std::getline(*in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) all.push_back(line);
    }
  }
  return all;
}

void apply_threads(const ModelArgs& args) { set_thread_count(args.threads); }

}  // namespace attnscope::cli
