#include <fstream>

#include "core/error.hpp"
#include "io/json_file.hpp"
#include "tokenize/token_entry.hpp"
#include "tokenize/tokenizer_files.hpp"
#include "tokenize/utf8.hpp"

namespace attnscope {
namespace {

using nlohmann::json;

Vocabulary read_vocab_txt(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read " + path.string() + "; a BERT model folder needs vocab.txt");
  Vocabulary vocab;
  std::string line;
  for (int32_t id = 0; std::getline(in, line); ++id) {
    // Python's line.rstrip("\n") keeps other whitespace; only a Windows line end is dropped.
    if (!line.empty() && line.back() == '\r') line.pop_back();
    vocab.add(line, id);
  }
  if (vocab.size() == 0) throw Error(path.string() + " is empty; re-download the vocabulary");
  return vocab;
}

void add_literal(WordPieceConfig& config, const std::string& content, bool special) {
  if (content.empty()) return;
  const auto id = config.vocab.find(content);
  if (!id) return;  // a never_split word that is not a vocabulary entry stays plain text
  for (const AddedToken& existing : config.added_tokens) {
    if (existing.id == *id) return;
  }
  config.added_tokens.push_back({utf8::decode(content), *id, special});
}

// vocab.txt + tokenizer_config.json, as BertTokenizer(vocab_file, **config) reads them.
WordPieceConfig read_classic_files(const std::filesystem::path& dir) {
  WordPieceConfig config;
  config.vocab = read_vocab_txt(dir / "vocab.txt");
  const auto config_path = dir / "tokenizer_config.json";
  const json settings =
      std::filesystem::exists(config_path) ? io::read_json_file(config_path) : json::object();
  const bool lowercase = settings.value("do_lower_case", true);
  config.normalizer.lowercase = lowercase;
  const json strip = settings.value("strip_accents", json());
  config.normalizer.strip_accents = strip.is_boolean() ? strip.get<bool>() : lowercase;
  config.normalizer.handle_chinese_chars = settings.value("tokenize_chinese_chars", true);

  std::string special[5] = {"[UNK]", "[SEP]", "[PAD]", "[CLS]", "[MASK]"};
  const char* keys[5] = {"unk_token", "sep_token", "pad_token", "cls_token", "mask_token"};
  for (int i = 0; i < 5; ++i) {
    if (settings.contains(keys[i])) {
      const std::string content = token_content(settings[keys[i]]);
      if (!content.empty()) special[i] = content;
    }
    add_literal(config, special[i], true);
  }
  config.unk_token = special[0];
  config.sep_token = special[1];
  config.cls_token = special[3];
  if (settings.contains("added_tokens_decoder") && settings["added_tokens_decoder"].is_object()) {
    for (const auto& [id, token] : settings["added_tokens_decoder"].items()) {
      add_literal(config, token_content(token), token.value("special", true));
    }
  }
  if (settings.contains("never_split") && settings["never_split"].is_array()) {
    for (const json& word : settings["never_split"]) {
      if (word.is_string()) add_literal(config, word.get<std::string>(), false);
    }
  }
  return config;
}

std::string first_special_token(const json& pieces) {
  if (!pieces.is_array() || pieces.empty() || !pieces[0].contains("SpecialToken")) return {};
  return pieces[0]["SpecialToken"].value("id", std::string());
}

WordPieceConfig read_tokenizer_json(const std::filesystem::path& path) {
  const json file = io::read_json_file(path);
  const json& model = file.at("model");
  if (model.value("type", std::string()) != "WordPiece") {
    throw Error(path.string() + " does not describe a WordPiece model; expected BERT's tokenizer");
  }
  WordPieceConfig config;
  for (const auto& [token, id] : model.at("vocab").items())
    config.vocab.add(token, id.get<int32_t>());
  config.unk_token = model.value("unk_token", config.unk_token);
  config.continuing_subword_prefix =
      model.value("continuing_subword_prefix", config.continuing_subword_prefix);
  config.max_input_chars_per_word =
      model.value("max_input_chars_per_word", config.max_input_chars_per_word);

  const json& normalizer = file.value("normalizer", json());
  if (!normalizer.is_null()) {
    if (normalizer.value("type", std::string()) != "BertNormalizer") {
      throw Error(path.string() + " uses a " + normalizer.value("type", std::string("unknown")) +
                  " normalizer; only BertNormalizer is supported for BERT");
    }
    config.normalizer.clean_text = normalizer.value("clean_text", true);
    config.normalizer.handle_chinese_chars = normalizer.value("handle_chinese_chars", true);
    config.normalizer.lowercase = normalizer.value("lowercase", true);
    const json strip = normalizer.value("strip_accents", json());
    config.normalizer.strip_accents =
        strip.is_boolean() ? strip.get<bool>() : config.normalizer.lowercase;
  } else {
    config.normalizer = {false, false, false, false};
  }

  for (const json& token : file.value("added_tokens", json::array())) {
    config.added_tokens.push_back({utf8::decode(token.at("content").get<std::string>()),
                                   token.at("id").get<int32_t>(), token.value("special", false)});
  }
  const json& processor = file.value("post_processor", json());
  if (processor.value("type", std::string()) == "BertProcessing") {
    config.cls_token = processor.at("cls").at(0).get<std::string>();
    config.sep_token = processor.at("sep").at(0).get<std::string>();
  } else if (processor.value("type", std::string()) == "TemplateProcessing") {
    const json& single = processor.at("single");
    const std::string cls = first_special_token(single);
    if (!cls.empty()) config.cls_token = cls;
    const std::string sep = first_special_token(json::array({single.back()}));
    if (!sep.empty()) config.sep_token = sep;
  }
  return config;
}

}  // namespace

WordPieceConfig read_wordpiece_files(const std::filesystem::path& dir) {
  const auto tokenizer_json = dir / "tokenizer.json";
  const bool modern = std::filesystem::exists(tokenizer_json);
  try {
    return modern ? read_tokenizer_json(tokenizer_json) : read_classic_files(dir);
  } catch (const nlohmann::json::exception& e) {
    throw Error((modern ? tokenizer_json : dir / "tokenizer_config.json").string() +
                " has an unexpected layout (" + e.what() + "); re-download the tokenizer files");
  }
}

}  // namespace attnscope
