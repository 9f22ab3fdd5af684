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
  command
      ->add_option("--precision", args.precision_text,
                   "fp32 (Hugging Face's, the default) or bf16: the layers' weight products in "
                   "bfloat16, about twice as fast where the CPU has AVX-512 BF16, attention within "
                   "about 0.01 of fp32")
      ->check(CLI::IsMember({"fp32", "bf16"}))
      ->capture_default_str();
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

std::unique_ptr<DocumentSource> InputArgs::source() const {
  std::vector<Document> given;
  for (const auto& text : texts) given.push_back({given.size(), text, std::nullopt, std::nullopt});
  std::vector<std::unique_ptr<DocumentSource>> sources;
  sources.push_back(std::make_unique<VectorSource>(std::move(given)));
  if (!text_file.empty()) {
    try {
      sources.push_back(std::make_unique<LineSource>(text_file, /*pairs=*/false));
    } catch (const Error&) {
      throw Error("cannot read --text-file " + text_file + ": no such file");
    }
  }
  return std::make_unique<ConcatSource>(std::move(sources));
}

std::vector<std::string> InputArgs::collect() const {
  std::vector<std::string> all;
  const auto documents = source();
  while (auto document = documents->next()) all.push_back(std::move(document->text));
  return all;
}

const CLI::Validator& at_least_one() {
  static const CLI::Validator validator(
      [](std::string& value) -> std::string {
        long long number = 0;
        if (CLI::detail::lexical_cast(value, number) && number >= 1) return "";
        return "must be a whole number of at least 1, got '" + value + "'";
      },
      "INT>=1");
  return validator;
}

void apply_threads(const ModelArgs& args) { set_thread_count(args.threads); }

Pretrained load_model(const ModelArgs& model) {
  apply_threads(model);
  return load_named_model(model, model.single());
}

Pretrained load_named_model(const ModelArgs& model, const std::string& spec) {
  return load_pretrained(spec, model.resolve(), model.precision());
}

}  // namespace attnscope::cli
