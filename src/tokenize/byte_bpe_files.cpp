#include "core/error.hpp"
#include "io/json_file.hpp"
#include "io/text_lines.hpp"
#include "tokenize/token_entry.hpp"
#include "tokenize/tokenizer_files.hpp"
#include "tokenize/tokenizer_json.hpp"
#include "tokenize/utf8.hpp"

namespace attnscope {
namespace {

using nlohmann::json;

std::pair<std::string, std::string> split_merge(std::string_view line,
                                                const std::filesystem::path& path) {
  const auto space = line.find(' ');
  if (space == std::string_view::npos || line.find(' ', space + 1) != std::string_view::npos) {
    throw Error(path.string() + " has a merge line that is not two tokens (\"" + std::string(line) +
                "\"); re-download the file");
  }
  return {std::string(line.substr(0, space)), std::string(line.substr(space + 1))};
}

std::vector<std::pair<std::string, std::string>> read_merges_txt(
    const std::filesystem::path& path) {
  std::vector<std::pair<std::string, std::string>> merges;
  bool first = true;
  io::for_each_line(path, [&](std::string_view line) {
    const bool version = first && line.starts_with("#version");
    first = false;
    if (!version && !line.empty()) merges.push_back(split_merge(line, path));
  });
  return merges;
}

// The special tokens a GPT-2 folder declares, matched literally in the text.
void add_declared_specials(ByteBpeConfig& config, const json& settings) {
  for (const char* key : {"bos_token", "eos_token", "unk_token", "pad_token"}) {
    if (!settings.contains(key)) continue;
    const std::string content = token_content(settings[key]);
    const auto id = config.vocab.find(content);
    if (content.empty() || !id) continue;
    if (std::string_view(key) == "bos_token") config.bos_token = content;
    bool known = false;
    for (const AddedToken& token : config.added_tokens) known = known || token.id == *id;
    if (!known) config.added_tokens.push_back({utf8::decode(content), *id, true});
  }
}

ByteBpeConfig read_classic_files(const std::filesystem::path& dir) {
  ByteBpeConfig config;
  const auto vocab_path = dir / "vocab.json";
  read_vocab_json(io::read_json_file(vocab_path), vocab_path, config.vocab);
  config.merges = read_merges_txt(dir / "merges.txt");
  // GPT2Tokenizer's defaults: <|endoftext|> is BOS, EOS and UNK.
  if (const auto id = config.vocab.find("<|endoftext|>")) {
    config.added_tokens.push_back({utf8::decode("<|endoftext|>"), *id, true});
  }
  const auto config_path = dir / "tokenizer_config.json";
  if (!std::filesystem::exists(config_path)) return config;
  const json settings = read_json_object(config_path);
  with_json_errors_named(config_path, [&] {
    if (io::json_value_or(settings, "add_prefix_space", config_path.string(), false)) {
      throw Error(config_path.string() +
                  " sets add_prefix_space, which attnscope does not support; set it to false");
    }
    add_declared_specials(config, settings);
  });
  return config;
}

ByteBpeConfig read_tokenizer_json(const std::filesystem::path& path, const json& file) {
  const std::string source = path.string();
  const json& model = file.at("model");
  if (io::json_value_or<std::string>(model, "type", source, "") != "BPE") {
    throw Error(source + " does not describe a BPE model; expected GPT-2's tokenizer");
  }
  const json& pre_tokenizer = file.value("pre_tokenizer", json());
  if (!pre_tokenizer.is_object() ||
      io::json_value_or<std::string>(pre_tokenizer, "type", source, "") != "ByteLevel" ||
      io::json_value_or(pre_tokenizer, "add_prefix_space", source, false)) {
    throw Error(
        source +
        " is not GPT-2's byte-level BPE without prefix space; attnscope supports only that");
  }
  ByteBpeConfig config;
  read_vocab_json(model.at("vocab"), path, config.vocab);
  for (const json& merge : model.at("merges")) {
    if (merge.is_string()) {
      config.merges.push_back(split_merge(merge.get<std::string>(), path));
    } else {
      config.merges.emplace_back(merge.at(0).get<std::string>(), merge.at(1).get<std::string>());
    }
  }
  config.added_tokens = read_added_tokens(file, path);
  return config;
}

}  // namespace

ByteBpeConfig read_byte_bpe_files(const std::filesystem::path& dir) {
  const auto tokenizer_json = dir / "tokenizer.json";
  if (!std::filesystem::exists(tokenizer_json)) return read_classic_files(dir);
  const json file = read_json_object(tokenizer_json);
  return with_json_errors_named(tokenizer_json,
                                [&] { return read_tokenizer_json(tokenizer_json, file); });
}

}  // namespace attnscope
