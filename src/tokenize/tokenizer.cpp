#include "tokenize/tokenizer.hpp"

#include "core/error.hpp"

namespace attnscope {

Encoding Tokenizer::encode_pair(std::string_view, std::string_view, const EncodeOptions&) const {
  throw UsageError("--text-pair is only for BERT-style models; pass a single --text");
}

// Placeholder until the WordPiece and byte-level BPE tokenizers land (issue 3).
std::unique_ptr<Tokenizer> Tokenizer::load(const std::filesystem::path&, std::string_view) {
  throw Error("tokenizers are not built yet; pass --ids instead of --text");
}

}  // namespace attnscope
