// Both tokenizers on arbitrary bytes (invalid UTF-8 included) and on random Unicode text built
// from the same bytes: no crash, no sanitizer report, and every result well formed.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "encoding_checks.hpp"
#include "tokenize/tokenizer.hpp"
#include "tokenize/utf8.hpp"

namespace {

const std::filesystem::path kModels =
    std::filesystem::path(ATTNSCOPE_SHARED_DIR) / "fixtures/models";

void tokenize_all_ways(const attnscope::Tokenizer& tokenizer, const std::string& text) {
  attnscope::EncodeOptions options;
  try {
    attnscope::fuzz::check_encoding(tokenizer, tokenizer.encode(text, options),
                                    attnscope::utf8::decode(text).size());
  } catch (const attnscope::Error&) {
    // Invalid UTF-8 is rejected; with replace_invalid it must tokenize.
  }
  options.replace_invalid = true;
  options.bos = true;
  attnscope::fuzz::check_encoding(tokenizer, tokenizer.encode(text, options),
                                  attnscope::utf8::decode(text, true).size());
}

// Three bytes per code point, spread over all of Unicode but weighted towards the planes that
// hold text (BMP and the CJK extensions), surrogates skipped.
std::string random_unicode(const uint8_t* data, std::size_t size) {
  std::string text;
  for (std::size_t i = 0; i + 3 <= size; i += 3) {
    char32_t c = (static_cast<char32_t>(data[i]) << 16 | data[i + 1] << 8 | data[i + 2]);
    c = (data[i] & 0x80) ? c % 0x30000 : c % 0x110000;
    if (c >= 0xD800 && c <= 0xDFFF) c = U' ';
    attnscope::utf8::append(text, c);
  }
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static const auto bert = attnscope::Tokenizer::load(kModels / "tiny-bert", "bert");
  static const auto gpt2 = attnscope::Tokenizer::load(kModels / "tiny-gpt2", "gpt2");
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const std::string unicode = random_unicode(data, size);
  for (const auto* tokenizer : {bert.get(), gpt2.get()}) {
    tokenize_all_ways(*tokenizer, bytes);
    tokenize_all_ways(*tokenizer, unicode);
  }
  return 0;
}
