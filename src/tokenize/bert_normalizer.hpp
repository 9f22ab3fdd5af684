#pragma once
// BERT's normalizer (Hugging Face BertNormalizer): clean text, space out CJK ideographs, strip
// accents (NFD, then drop Mn), lowercase.
#include <cstdint>
#include <string_view>

#include "tokenize/aligned_text.hpp"

namespace attnscope {

struct BertNormalizerOptions {
  bool clean_text = true;
  bool handle_chinese_chars = true;
  bool strip_accents = true;  // tokenizer_config's null means "same as lowercase"
  bool lowercase = true;
};

// The CJK Unified Ideograph blocks BERT splits one per token (kana and hangul are not in them).
bool is_chinese_char(char32_t c);

// Normalizes `text`, whose first code point is at index `origin` of the original input.
AlignedText bert_normalize(std::u32string_view text, int32_t origin,
                           const BertNormalizerOptions& options);

}  // namespace attnscope
