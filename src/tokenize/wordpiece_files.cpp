#include <fstream>

#include "core/error.hpp"
#include "io/json_file.hpp"
#include "tokenize/token_entry.hpp"
#include "tokenize/tokenizer_files.hpp"
#include "tokenize/tokenizer_json.hpp"
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
    try {
      vocab.add(line, id);
    } catch (const Error& e) {
      throw Error(path.string() + ": " + e.what());
    }
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

// tokenizer_config.json's BertTokenizer arguments.
void apply_settings(const json& settings, WordPieceConfig& config) {
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
}

// vocab.txt + tokenizer_config.json, as BertTokenizer(vocab_file, **config) reads them.
WordPieceConfig read_classic_files(const std::filesystem::path& dir) {
  WordPieceConfig config;
  config.vocab = read_vocab_txt(dir / "vocab.txt");
  const auto config_path = dir / "tokenizer_config.json";
  const json settings =
      std::filesystem::exists(config_path) ? io::read_json_file(config_path) : json::object();
  with_json_errors_named(config_path, [&] { apply_settings(settings, config); });
  return config;
}

bool is_template_piece(const json& piece, const char* kind) {
  return piece.is_object() && piece.contains(kind) && piece[kind].is_object();
}

// The [CLS]/[SEP] of a post-processor. Without one Hugging Face adds no special tokens; a
// template other than [CLS] $A [SEP] is refused rather than run as if it were that one.
void read_post_processor(const json& processor, const std::filesystem::path& path,
                         WordPieceConfig& config) {
  if (processor.is_null()) {
    config.add_cls_sep = false;
    return;
  }
  const std::string type = processor.value("type", std::string());
  if (type == "BertProcessing") {
    config.cls_token = processor.at("cls").at(0).get<std::string>();
    config.sep_token = processor.at("sep").at(0).get<std::string>();
  } else if (type == "TemplateProcessing") {
    const json& single = processor.at("single");
    if (!single.is_array() || single.size() != 3 || !is_template_piece(single[0], "SpecialToken") ||
        !is_template_piece(single[1], "Sequence") ||
        !is_template_piece(single[2], "SpecialToken")) {
      throw Error(path.string() + " has a TemplateProcessing \"single\" of " + single.dump() +
                  "; attnscope supports only BERT's [CLS] $A [SEP]");
    }
    config.cls_token = single[0]["SpecialToken"].at("id").get<std::string>();
    config.sep_token = single[2]["SpecialToken"].at("id").get<std::string>();
  }
}

WordPieceConfig read_tokenizer_json(const std::filesystem::path& path, const json& file) {
  const json& model = file.at("model");
  if (model.value("type", std::string()) != "WordPiece") {
    throw Error(path.string() + " does not describe a WordPiece model; expected BERT's tokenizer");
  }
  WordPieceConfig config;
  read_vocab_json(model.at("vocab"), path, config.vocab);
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

  config.added_tokens = read_added_tokens(file, path);
  read_post_processor(file.value("post_processor", json()), path, config);
  return config;
}

}  // namespace

WordPieceConfig read_wordpiece_files(const std::filesystem::path& dir) {
  const auto tokenizer_json = dir / "tokenizer.json";
  if (!std::filesystem::exists(tokenizer_json)) return read_classic_files(dir);
  const json file = io::read_json_file(tokenizer_json);
  return with_json_errors_named(tokenizer_json,
                                [&] { return read_tokenizer_json(tokenizer_json, file); });
}

}  // namespace attnscope
