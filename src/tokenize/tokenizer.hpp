#pragma once
// What every tokenizer gives: ids, vocabulary strings and Hugging Face's character offsets.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace attnscope {

struct Encoding {
  std::vector<int32_t> ids;
  std::vector<int32_t> type_ids;    // BERT segment (0 first text, 1 second)
  std::vector<std::string> tokens;  // vocabulary form
  std::vector<std::pair<int32_t, int32_t>>
      offsets;                   // code points [start, end); (0,0) for added specials
  std::vector<uint8_t> special;  // 1 for special tokens
  std::size_t size() const { return ids.size(); }
  // False when the encoding carries no special flags (ids given by hand).
  bool is_special(std::size_t i) const { return !special.empty() && special[i]; }

  void push_back(int32_t id, std::string token, int32_t start, int32_t end, int32_t type_id,
                 bool is_special) {
    ids.push_back(id);
    type_ids.push_back(type_id);
    tokens.push_back(std::move(token));
    offsets.emplace_back(start, end);
    special.push_back(is_special ? 1 : 0);
  }
  // Keeps the first `n` tokens.
  void truncate(std::size_t n) {
    ids.resize(n);
    type_ids.resize(n);
    tokens.resize(n);
    offsets.resize(n);
    special.resize(n);
  }
};

struct EncodeOptions {
  bool add_special_tokens = true;  // BERT: [CLS] ... [SEP]. GPT-2 adds none either way.
  bool bos = false;                // GPT-2: prepend <|endoftext|>
  bool replace_invalid = false;    // invalid UTF-8 becomes U+FFFD instead of an error
};

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  virtual Encoding encode(std::string_view text, const EncodeOptions& options = {}) const = 0;
  // BERT: [CLS] A [SEP] B [SEP] with type ids 0 then 1. Others: a UsageError.
  virtual Encoding encode_pair(std::string_view first, std::string_view second,
                               const EncodeOptions& options = {}) const;
  // A vocabulary token's text (GPT-2's "Ġcat" is " cat"), which joined gives the text back.
  virtual std::string display(std::string_view token) const = 0;
  // The form every view shows each token of a sequence in (tokenize/token_labels.hpp); here
  // the readable display of each token alone.
  virtual std::vector<std::string> labels(const std::vector<std::string>& tokens,
                                          const std::vector<bool>& special) const;
  // The same for an encoding (ids given by hand have no tokens: their vocabulary forms).
  std::vector<std::string> labels_of(const Encoding& encoding) const;
  virtual std::string id_to_token(int32_t id) const = 0;
  virtual int32_t vocab_size() const = 0;
  // The id a masked-language model predicts at ([MASK]); none for GPT-2.
  virtual std::optional<int32_t> mask_id() const { return std::nullopt; }
  // The piece `word` becomes, alone and after a space, where it becomes exactly one (uncased
  // BERT: lowercased, accents stripped; GPT-2: "Cat" and "ĠCat"), so that a word the user names
  // finds its token in a text.
  std::vector<std::string> single_pieces(std::string_view word) const;

  // Reads the tokenizer files of a model folder (vocab.txt / vocab.json + merges.txt /
  // tokenizer.json, tokenizer_config.json) for the given config.json model_type.
  static std::unique_ptr<Tokenizer> load(const std::filesystem::path& dir,
                                         std::string_view model_type);
};

}  // namespace attnscope
