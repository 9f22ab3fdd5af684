#include "tokenize/tokenizer.hpp"

#include "core/error.hpp"
#include "tokenize/token_labels.hpp"
#include "tokenize/tokenizer_files.hpp"

namespace attnscope {

std::vector<std::string> Tokenizer::labels(const std::vector<std::string>& tokens,
                                           const std::vector<bool>&) const {
  std::vector<std::string> out;
  for (const auto& token : tokens) out.push_back(readable_label(display(token)));
  return out;
}

std::vector<std::string> Tokenizer::labels_of(const Encoding& encoding) const {
  std::vector<std::string> pieces;
  std::vector<bool> special;
  for (std::size_t i = 0; i < encoding.size(); ++i) {
    pieces.push_back(i < encoding.tokens.size() ? encoding.tokens[i]
                                                : id_to_token(encoding.ids[i]));
    special.push_back(encoding.is_special(i));
  }
  return labels(pieces, special);
}

Encoding Tokenizer::encode_pair(std::string_view, std::string_view, const EncodeOptions&) const {
  throw UsageError("--text-pair is only for BERT-style models; pass a single --text");
}

std::vector<std::string> Tokenizer::single_pieces(std::string_view word) const {
  EncodeOptions options;
  options.add_special_tokens = false;
  options.replace_invalid = true;
  std::vector<std::string> pieces;
  std::string spaced(1, ' ');
  spaced.append(word);
  for (const std::string& text : {std::string(word), spaced}) {
    const Encoding encoding = encode(text, options);
    if (encoding.tokens.size() == 1) pieces.push_back(encoding.tokens.front());
  }
  return pieces;
}

std::unique_ptr<Tokenizer> Tokenizer::load(const std::filesystem::path& dir,
                                           std::string_view model_type) {
  if (model_type == "bert") {
    return std::make_unique<WordPieceTokenizer>(read_wordpiece_files(dir));
  }
  if (model_type == "gpt2") {
    return std::make_unique<ByteBpeTokenizer>(read_byte_bpe_files(dir));
  }
  throw Error("no tokenizer for model_type \"" + std::string(model_type) + "\" in " + dir.string() +
              "; attnscope supports bert and gpt2");
}

}  // namespace attnscope
