// attnscope tokenize: a model's tokens with ids and offsets, as Hugging Face's tokenizer gives
// them; --jsonl writes the format of the golden tokenize.jsonl (minus "text").
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "core/error.hpp"
#include "hub/resolve.hpp"
#include "model/config.hpp"
#include "tokenize/tokenizer.hpp"

namespace attnscope::cli {
namespace {

struct TokenizeArgs {
  ModelArgs model;
  std::vector<std::string> texts;
  std::string text_pair;
  std::string text_file;
  std::string jsonl;
  bool bos = false;
  bool replace_invalid = false;
  bool json = false;
};

// Python's json.dumps layout (", " and ": " separators, non-ASCII kept), so lines compare
// byte for byte with files written by Python.
std::string json_line(const Encoding& encoding) {
  std::string line = "{\"ids\": [";
  for (std::size_t i = 0; i < encoding.size(); ++i) {
    if (i) line += ", ";
    line += std::to_string(encoding.ids[i]);
  }
  line += "], \"tokens\": [";
  for (std::size_t i = 0; i < encoding.size(); ++i) {
    if (i) line += ", ";
    line += nlohmann::json(encoding.tokens[i]).dump();
  }
  line += "], \"offsets\": [";
  for (std::size_t i = 0; i < encoding.size(); ++i) {
    if (i) line += ", ";
    line += "[" + std::to_string(encoding.offsets[i].first) + ", " +
            std::to_string(encoding.offsets[i].second) + "]";
  }
  return line + "]}\n";
}

std::string table(const Tokenizer& tokenizer, const Encoding& encoding) {
  std::ostringstream out;
  out << "index\tid\tstart\tend\ttoken\tdisplay\n";
  const auto labels = tokenizer.labels_of(encoding);
  for (std::size_t i = 0; i < encoding.size(); ++i) {
    out << i << '\t' << encoding.ids[i] << '\t' << encoding.offsets[i].first << '\t'
        << encoding.offsets[i].second << '\t' << nlohmann::json(encoding.tokens[i]).dump() << '\t'
        << nlohmann::json(labels[i]).dump() << '\n';
  }
  return out.str();
}

// The "text" field of every non-blank line of a JSON Lines file ('-' is stdin).
std::vector<std::string> read_jsonl_texts(const std::string& path) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) throw Error("cannot read --jsonl " + path + ": no such file");
    in = &file;
  }
  std::vector<std::string> texts;
  std::string line;
  for (int number = 1; std::getline(*in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto entry = nlohmann::json::parse(line, nullptr, false);
    if (!entry.is_object() || !entry.contains("text") || !entry["text"].is_string()) {
      throw Error(path + " line " + std::to_string(number) +
                  " is not a JSON object with a \"text\" string; fix that line");
    }
    texts.push_back(entry["text"].get<std::string>());
  }
  return texts;
}

std::unique_ptr<Tokenizer> load_tokenizer(const ModelArgs& args) {
  const auto dir = hub::resolve_model(args.single(), args.resolve());
  return Tokenizer::load(dir, ModelConfig::load(dir / "config.json").model_type);
}

void run(const TokenizeArgs& args) {
  const bool plain = !args.texts.empty() || !args.text_file.empty();
  if (plain == !args.jsonl.empty()) {
    throw UsageError("pass either --text/--text-file or --jsonl (one of them)");
  }
  const auto tokenizer = load_tokenizer(args.model);
  EncodeOptions options;
  options.bos = args.bos;
  options.replace_invalid = args.replace_invalid;
  const bool as_json = args.json || !args.jsonl.empty();
  InputArgs plain_input;  // the other commands' reading of --text and --text-file
  plain_input.texts = args.texts;
  plain_input.text_file = args.text_file;
  const auto texts = args.jsonl.empty() ? plain_input.collect() : read_jsonl_texts(args.jsonl);
  // Everything is tokenized before anything is printed: a bad text leaves no partial output.
  std::string output;
  for (const std::string& text : texts) {
    const Encoding encoding = args.text_pair.empty()
                                  ? tokenizer->encode(text, options)
                                  : tokenizer->encode_pair(text, args.text_pair, options);
    output += as_json ? json_line(encoding) : table(*tokenizer, encoding);
  }
  std::cout << output << std::flush;
}

const Command reg(30, [](CLI::App& root) {
  auto args = std::make_shared<TokenizeArgs>();
  auto* cmd = root.add_subcommand("tokenize", "Show a model's tokens with ids and offsets");
  add_model_args(cmd, args->model);
  add_verbatim_option(cmd, "-t,--text", args->texts, "Input text (repeatable)");
  add_verbatim_option(cmd, "--text-file", args->text_file,
                      "One text per line ('-': stdin; empty lines skipped), after any --text");
  add_verbatim_option(cmd, "--jsonl", args->jsonl,
                      "JSON Lines file with a \"text\" field per line ('-': stdin); writes one "
                      "{\"ids\", \"tokens\", \"offsets\"} line per input");
  add_verbatim_option(cmd, "--text-pair", args->text_pair,
                      "Second segment of a BERT sentence pair");
  cmd->add_flag("--bos", args->bos, "GPT-2: prepend <|endoftext|>");
  cmd->add_flag("--replace-invalid", args->replace_invalid,
                "Replace invalid UTF-8 with U+FFFD instead of failing");
  cmd->add_flag("--json", args->json, "With --text: JSON lines instead of a table");
  cmd->footer(
      "Example: attnscope tokenize --model bert-base-uncased --text \"Hello, world!\"\n"
      "         attnscope tokenize --model gpt2 --text-file lines.txt --json\n"
      "         attnscope tokenize --model gpt2 --jsonl texts.jsonl > tokens.jsonl");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace attnscope::cli
