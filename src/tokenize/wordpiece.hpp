#pragma once
// BERT's tokenizer as Hugging Face's fast BertTokenizer runs it: added tokens cut out of the raw
// text, BertNormalizer, BertPreTokenizer (whitespace and punctuation), WordPiece, then
// [CLS] A [SEP] (B [SEP]).
#include <string>
#include <vector>

#include "tokenize/added_tokens.hpp"
#include "tokenize/aligned_text.hpp"
#include "tokenize/bert_normalizer.hpp"
#include "tokenize/tokenizer.hpp"
#include "tokenize/vocabulary.hpp"

namespace attnscope {

struct WordPieceConfig {
  Vocabulary vocab;
  std::string unk_token = "[UNK]";
  std::string cls_token = "[CLS]";
  std::string sep_token = "[SEP]";
  std::string mask_token = "[MASK]";  // what a masked-language-model head fills in
  bool add_cls_sep = true;  // false for a tokenizer.json without a post-processor, as in HF
  std::string continuing_subword_prefix = "##";
  int max_input_chars_per_word = 100;
  BertNormalizerOptions normalizer;
  std::vector<AddedToken> added_tokens;  // matched literally in the raw text
};

class WordPieceTokenizer final : public Tokenizer {
 public:
  explicit WordPieceTokenizer(WordPieceConfig config);

  Encoding encode(std::string_view text, const EncodeOptions& options = {}) const override;
  Encoding encode_pair(std::string_view first, std::string_view second,
                       const EncodeOptions& options = {}) const override;
  std::string display(std::string_view token) const override { return std::string(token); }
  std::string id_to_token(int32_t id) const override { return config_.vocab.token(id); }
  int32_t vocab_size() const override { return config_.vocab.size(); }
  std::optional<int32_t> mask_id() const override { return config_.vocab.find(config_.mask_token); }

 private:
  void encode_segment(std::string_view text, const EncodeOptions& options, int32_t type_id,
                      Encoding& out) const;
  void encode_normalized(const AlignedText& text, int32_t type_id, Encoding& out) const;
  void encode_word(const AlignedText& text, std::size_t begin, std::size_t end, int32_t type_id,
                   Encoding& out) const;
  void push(Encoding& out, int32_t id, int32_t start, int32_t end, int32_t type_id,
            bool special) const;
  int32_t required_id(const std::string& token, const char* role) const;

  WordPieceConfig config_;
  StringIdMap word_starts_;        // vocabulary entries without the continuing-subword prefix
  StringIdMap continuations_;      // "##ing" stored as "ing"
  std::size_t longest_piece_ = 0;  // bytes of the longest entry of either map
  int32_t unk_id_ = -1, cls_id_ = -1, sep_id_ = -1;
};

}  // namespace attnscope
