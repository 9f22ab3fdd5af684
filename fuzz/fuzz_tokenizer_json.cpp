// libFuzzer target for tokenizer.json: any bytes, written as a model folder's tokenizer.json, are
// loaded as BERT's WordPiece and as GPT-2's byte-level BPE. Each load gives a tokenizer or an
// attnscope::Error; a tokenizer encodes a few texts into well-formed encodings or refuses with an
// attnscope::Error. Never a crash or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "encoding_checks.hpp"
#include "scratch_folder.hpp"
#include "tokenize/tokenizer.hpp"
#include "tokenize/utf8.hpp"

namespace {

// Plain words, subwords, accents, CJK, emoji, and special-token literals of both models.
constexpr std::string_view kTexts[] = {
    "The cat sat on the mat.",
    "Éléphant [CLS] naïve 中文 tokenization [SEP] [UNK] [MASK]!",
    "It's  9 o'clock<|endoftext|> — déjà vu 😀",
    "",
};

void encode_all(const attnscope::Tokenizer& tokenizer) {
  attnscope::EncodeOptions plain;
  attnscope::EncodeOptions with_bos;
  with_bos.bos = true;
  with_bos.add_special_tokens = false;
  for (const std::string_view text : kTexts) {
    for (const auto& options : {plain, with_bos}) {
      std::optional<attnscope::Encoding> encoding;
      try {
        encoding = tokenizer.encode(text, options);
      } catch (const attnscope::Error&) {
        continue;  // e.g. a BOS token the vocabulary lacks: refused with a message
      }
      attnscope::fuzz::check_encoding(tokenizer, *encoding, attnscope::utf8::decode(text).size());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static const attnscope::fuzz::ScratchFolder folder;
  folder.write("tokenizer.json", data, size);
  for (const char* model_type : {"bert", "gpt2"}) {
    std::unique_ptr<attnscope::Tokenizer> tokenizer;
    try {
      tokenizer = attnscope::Tokenizer::load(folder.path(), model_type);
    } catch (const attnscope::Error&) {
      continue;
    }
    encode_all(*tokenizer);
  }
  return 0;
}
