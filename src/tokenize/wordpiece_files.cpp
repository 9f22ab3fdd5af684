#include <limits>

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

Vocabulary read_vocab_txt(const std::filesystem::path& path) {
  // Python's line.rstrip("\n") keeps other whitespace; only a Windows line end is dropped.
  Vocabulary vocab;
  int32_t id = 0;
  io::for_each_line(path, [&](std::string_view line) {
    try {
      vocab.add(std::string(line), id++);  // past kMaxIds lines add() refuses, so id cannot wrap
    } catch (const Error& e) {
      throw Error(path.string() + ": " + e.what());
    }
  });
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

// tokenizer_config.json's BertTokenizer arguments, read from `source`.
void apply_settings(const json& settings, const std::string& source, WordPieceConfig& config) {
  const bool lowercase = io::json_value_or<bool>(settings, "do_lower_case", source, true);
  config.normalizer.lowercase = lowercase;
  config.normalizer.strip_accents =
      io::json_value_or<bool>(settings, "strip_accents", source, lowercase);
  config.normalizer.handle_chinese_chars =
      io::json_value_or<bool>(settings, "tokenize_chinese_chars", source, true);

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
  config.mask_token = special[4];
  if (settings.contains("added_tokens_decoder") && settings["added_tokens_decoder"].is_object()) {
    for (const auto& [id, token] : settings["added_tokens_decoder"].items()) {
      add_literal(config, token_content(token),
                  io::json_value_or<bool>(token, "special", source, true));
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
      std::filesystem::exists(config_path) ? read_json_object(config_path) : json::object();
  with_json_errors_named(config_path, [&] { apply_settings(settings, config_path, config); });
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
  const std::string source = path.string();
  const auto type = io::json_value_or<std::string>(processor, "type", source, "");
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
    config.cls_token = io::json_value<std::string>(single[0]["SpecialToken"], "id", source);
    config.sep_token = io::json_value<std::string>(single[2]["SpecialToken"], "id", source);
  }
}

WordPieceConfig read_tokenizer_json(const std::filesystem::path& path, const json& file) {
  const std::string source = path.string();
  const json& model = file.at("model");
  if (io::json_value_or<std::string>(model, "type", source, "") != "WordPiece") {
    throw Error(source + " does not describe a WordPiece model; expected BERT's tokenizer");
  }
  WordPieceConfig config;
  read_vocab_json(model.at("vocab"), path, config.vocab);
  config.unk_token = io::json_value_or(model, "unk_token", source, config.unk_token);
  config.continuing_subword_prefix = io::json_value_or(model, "continuing_subword_prefix", source,
                                                       config.continuing_subword_prefix);
  if (model.contains("max_input_chars_per_word")) {
    config.max_input_chars_per_word =
        io::json_count(model, "max_input_chars_per_word", source, std::numeric_limits<int>::max());
  }

  const json& normalizer = file.value("normalizer", json());
  if (!normalizer.is_null()) {
    const auto type = io::json_value_or<std::string>(normalizer, "type", source, "unknown");
    if (type != "BertNormalizer") {
      throw Error(source + " uses a " + type +
                  " normalizer; only BertNormalizer is supported for BERT");
    }
    config.normalizer.clean_text = io::json_value_or(normalizer, "clean_text", source, true);
    config.normalizer.handle_chinese_chars =
        io::json_value_or(normalizer, "handle_chinese_chars", source, true);
    config.normalizer.lowercase = io::json_value_or(normalizer, "lowercase", source, true);
    config.normalizer.strip_accents =
        io::json_value_or(normalizer, "strip_accents", source, config.normalizer.lowercase);
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
  const json file = read_json_object(tokenizer_json);
  return with_json_errors_named(tokenizer_json,
                                [&] { return read_tokenizer_json(tokenizer_json, file); });
}

}  // namespace attnscope
