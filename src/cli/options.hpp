#pragma once
// The options that mean the same in every command (see docs: one shape for every command).
#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "hub/resolve.hpp"
#include "pipeline/capture.hpp"
#include "pipeline/document_source.hpp"
#include "pipeline/pretrained.hpp"

namespace attnscope::cli {

// Adds an option whose values are the user's own words (texts, paths, a token) and so reach the
// command byte for byte. CLI11 reads a vector option's "[a, b]" as the list {"a", " b"}: a text
// like "[Note, this is it]" would silently become two texts. One value per occurrence prevents it.
template <typename T>
CLI::Option* add_verbatim_option(CLI::App* command, const std::string& name, T& target,
                                 const std::string& description) {
  return command->add_option(name, target, description)->allow_extra_args(false);
}

struct ModelArgs {
  std::vector<std::string> models;
  std::string revision = "main";
  int threads = 0;
  std::string precision_text = "fp32";  // --precision, checked to be fp32 or bf16
  hub::ResolveOptions resolve() const { return {revision}; }
  Precision precision() const {
    return precision_text == "bf16" ? Precision::bf16 : Precision::fp32;
  }
  // The one model of a single-model command.
  const std::string& single() const { return models.front(); }
};

// --model (required; repeatable when `repeatable`), --revision, --threads, --precision.
void add_model_args(CLI::App* command, ModelArgs& args, bool repeatable = false,
                    bool required = true);

struct InputArgs {
  std::vector<std::string> texts;
  std::string text_pair;
  std::string text_file;
  bool bos = false;
  bool truncate = false;
  bool replace_invalid = false;
  CaptureOptions capture() const;
  // --text values, then the lines of --text-file ('-' is stdin), skipping empty lines.
  std::vector<std::string> collect() const;
  // The same, read one at a time (a --text-file of any size).
  std::unique_ptr<DocumentSource> source() const;
};

// --text (repeatable when `repeatable`), --text-pair, --text-file, --bos, --truncate,
// --replace-invalid.
void add_input_args(CLI::App* command, InputArgs& args, bool repeatable = true);

// A count that must be 1 or more, refused in words ("--batch: must be a whole number of at least
// 1, got '0'"), not with CLI11's range up to the largest double.
const CLI::Validator& at_least_one();

// Applies --threads; call first in every command that runs a model.
void apply_threads(const ModelArgs& args);
// Applies --threads and loads the one --model.
Pretrained load_model(const ModelArgs& model);
// Loads `spec`, one of the --model values, at --revision and --precision.
Pretrained load_named_model(const ModelArgs& model, const std::string& spec);

}  // namespace attnscope::cli
