#pragma once
// GPT-2's tokenizer as Hugging Face runs it: added tokens (<|endoftext|>) cut out of the raw
// text, the ByteLevel pre-tokenizer (GPT-2's regex, then bytes as printable code points), BPE.
// No special tokens are added unless EncodeOptions::bos asks for a leading <|endoftext|>.
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tokenize/added_tokens.hpp"
#include "tokenize/bpe_merges.hpp"
#include "tokenize/tokenizer.hpp"
#include "tokenize/vocabulary.hpp"

namespace attnscope {

struct ByteBpeConfig {
  Vocabulary vocab;
  std::vector<std::pair<std::string, std::string>> merges;  // in rank order
  std::vector<AddedToken> added_tokens;                     // matched literally in the raw text
  std::string bos_token = "<|endoftext|>";
  // The word cache's bound, counting each word's bytes, ids and bookkeeping: a server sees
  // words without end, most of them once (60 KB texts of new words grew it by 150 MB).
  std::size_t cache_bytes = std::size_t{16} << 20;
};

class PreTokenRegex;

class ByteBpeTokenizer final : public Tokenizer {
 public:
  explicit ByteBpeTokenizer(ByteBpeConfig config);
  ~ByteBpeTokenizer() override;

  Encoding encode(std::string_view text, const EncodeOptions& options = {}) const override;
  std::string display(std::string_view token) const override;
  std::vector<std::string> labels(const std::vector<std::string>& tokens,
                                  const std::vector<bool>& special) const override;
  std::string id_to_token(int32_t id) const override { return config_.vocab.token(id); }
  int32_t vocab_size() const override { return config_.vocab.size(); }

  // What the word cache holds now, never more than ByteBpeConfig::cache_bytes.
  std::size_t cached_bytes() const;

 private:
  void encode_plain(std::u32string_view text, int32_t origin, Encoding& out) const;
  // Appends the BPE tokens of one pre-token (UTF-8 bytes starting at code point `origin`).
  void encode_pre_token(std::string_view bytes, int32_t origin, Encoding& out) const;
  // The BPE ids of one pre-token, from the cache when the word was seen before.
  void merge(std::string_view bytes, std::vector<int32_t>& ids) const;

  ByteBpeConfig config_;
  BpeMerges merges_;
  std::unique_ptr<PreTokenRegex> regex_;
  int32_t byte_ids_[256];
  std::vector<int32_t> token_bytes_;  // byte length of each token's text, by id

  // Words seen before and their merged ids: text repeats its words, and merging is the cost.
  // Emptied when the next word would take it past its bound: simpler than LRU, and a full cache
  // refills from the text at hand within a few hundred words.
  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, std::vector<int32_t>, StringViewHash, std::equal_to<>>
      cache_;
  mutable std::size_t cache_bytes_ = 0;
};

}  // namespace attnscope
