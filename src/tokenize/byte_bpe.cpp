#include "tokenize/byte_bpe.hpp"

#include "core/error.hpp"
#include "tokenize/byte_level.hpp"
#include "tokenize/pre_token_regex.hpp"
#include "tokenize/token_labels.hpp"
#include "tokenize/utf8.hpp"

namespace attnscope {
namespace {

// A hash node with its key and value objects, beside the bytes they point to.
constexpr std::size_t kCacheEntryOverhead = 96;

std::size_t entry_bytes(const std::string& word, const std::vector<int32_t>& ids) {
  return kCacheEntryOverhead + word.capacity() + ids.capacity() * sizeof(int32_t);
}

bool is_continuation_byte(char b) { return (static_cast<unsigned char>(b) & 0xC0) == 0x80; }

}  // namespace

ByteBpeTokenizer::ByteBpeTokenizer(ByteBpeConfig config)
    : config_(std::move(config)),
      merges_(config_.merges, config_.vocab),
      regex_(std::make_unique<PreTokenRegex>()) {
  config_.merges.clear();
  config_.merges.shrink_to_fit();
  for (int b = 0; b < 256; ++b) {
    std::string symbol;
    utf8::append(symbol, byte_level::char_for_byte(static_cast<unsigned char>(b)));
    const auto id = config_.vocab.find(symbol);
    if (!id) {
      throw Error("byte " + std::to_string(b) + " (\"" + symbol +
                  "\") is missing from vocab.json; a byte-level BPE vocabulary needs all 256");
    }
    byte_ids_[b] = *id;
  }
  token_bytes_.resize(config_.vocab.size());
  for (int32_t id = 0; id < config_.vocab.size(); ++id) {
    token_bytes_[id] = static_cast<int32_t>(byte_level::to_bytes(config_.vocab.token(id)).size());
  }
}

ByteBpeTokenizer::~ByteBpeTokenizer() = default;

std::string ByteBpeTokenizer::display(std::string_view token) const {
  // Tokens that end inside a character show U+FFFD, as Hugging Face's decode does.
  return utf8::encode(utf8::decode(byte_level::to_bytes(token), true));
}

std::vector<std::string> ByteBpeTokenizer::labels(const std::vector<std::string>& tokens,
                                                  const std::vector<bool>& special) const {
  std::vector<std::string> bytes;
  for (std::size_t i = 0; i < tokens.size(); ++i)
    bytes.push_back(special[i] ? std::string() : byte_level::to_bytes(tokens[i]));
  return byte_level_labels(bytes, tokens, special);
}

Encoding ByteBpeTokenizer::encode(std::string_view text, const EncodeOptions& options) const {
  Encoding out;
  if (options.bos) {
    const auto bos = config_.vocab.find(config_.bos_token);
    if (!bos) throw Error("the BOS token " + config_.bos_token + " is not in vocab.json");
    out.push_back(*bos, config_.bos_token, 0, 0, 0, true);
  }
  const std::u32string code_points = utf8::decode(text, options.replace_invalid);
  const std::u32string_view view = code_points;
  for (const TextPiece& piece : split_on_added_tokens(view, config_.added_tokens)) {
    if (piece.added) {
      out.push_back(piece.added->id, config_.vocab.token(piece.added->id), piece.begin, piece.end,
                    0, piece.added->special);
    } else {
      encode_plain(view.substr(piece.begin, piece.end - piece.begin), piece.begin, out);
    }
  }
  return out;
}

void ByteBpeTokenizer::encode_plain(std::u32string_view text, int32_t origin, Encoding& out) const {
  const std::string bytes = utf8::encode(text);
  std::size_t counted_bytes = 0;
  int32_t counted_chars = origin;
  regex_->split(bytes, [&](std::size_t begin, std::size_t end) {
    for (; counted_bytes < begin; ++counted_bytes) {
      if (!is_continuation_byte(bytes[counted_bytes])) ++counted_chars;
    }
    encode_pre_token(std::string_view(bytes).substr(begin, end - begin), counted_chars, out);
  });
}

void ByteBpeTokenizer::encode_pre_token(std::string_view bytes, int32_t origin,
                                        Encoding& out) const {
  // Every byte of a character carries that character's offsets, so a token holding part of a
  // character spans the whole character.
  thread_local std::vector<int32_t> char_of_byte;
  char_of_byte.resize(bytes.size());
  int32_t char_index = origin - 1;
  for (std::size_t b = 0; b < bytes.size(); ++b) {
    if (!is_continuation_byte(bytes[b])) ++char_index;
    char_of_byte[b] = char_index;
  }
  thread_local std::vector<int32_t> ids;
  merge(bytes, ids);
  std::size_t byte_at = 0;
  for (int32_t id : ids) {
    const std::size_t byte_end = byte_at + token_bytes_[id];
    out.push_back(id, config_.vocab.token(id), char_of_byte[byte_at],
                  char_of_byte[byte_end - 1] + 1, 0, false);
    byte_at = byte_end;
  }
}

void ByteBpeTokenizer::merge(std::string_view bytes, std::vector<int32_t>& ids) const {
  {
    std::lock_guard lock(cache_mutex_);
    const auto it = cache_.find(bytes);
    if (it != cache_.end()) {
      ids = it->second;
      return;
    }
  }
  ids.clear();
  for (char b : bytes) ids.push_back(byte_ids_[static_cast<unsigned char>(b)]);
  merges_.apply(ids);
  std::string word(bytes);
  std::vector<int32_t> kept(ids);
  const std::size_t size = entry_bytes(word, kept);
  if (size > config_.cache_bytes) return;
  std::lock_guard lock(cache_mutex_);
  if (cache_bytes_ + size > config_.cache_bytes) {
    cache_.clear();
    cache_bytes_ = 0;
  }
  if (cache_.emplace(std::move(word), std::move(kept)).second) cache_bytes_ += size;
}

std::size_t ByteBpeTokenizer::cached_bytes() const {
  std::lock_guard lock(cache_mutex_);
  return cache_bytes_;
}

}  // namespace attnscope
