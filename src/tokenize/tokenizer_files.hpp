#pragma once
// Reading a model folder's tokenizer files into tokenizer configurations. tokenizer.json wins
// when present, as with Hugging Face's AutoTokenizer; otherwise the classic files are read.
#include <filesystem>

#include "tokenize/byte_bpe.hpp"
#include "tokenize/wordpiece.hpp"

namespace attnscope {

// tokenizer.json, or vocab.txt + tokenizer_config.json (optional).
WordPieceConfig read_wordpiece_files(const std::filesystem::path& dir);
// tokenizer.json, or vocab.json + merges.txt.
ByteBpeConfig read_byte_bpe_files(const std::filesystem::path& dir);

}  // namespace attnscope
