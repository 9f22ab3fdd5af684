#pragma once
// text -> tokenizer -> model -> Attention: the path every figure, analysis and page starts from.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attention/attention.hpp"
#include "model/pretrained.hpp"

namespace attnscope {

struct CaptureOptions {
  std::optional<std::string> text_pair;  // BERT's second segment
  bool bos = false;                      // GPT-2: prepend <|endoftext|>
  bool truncate = false;                 // cut to the model's maximum with a warning, else an error
  bool replace_invalid = false;          // invalid UTF-8 becomes U+FFFD
};

Attention capture_attention(const Pretrained& model, std::string_view text,
                            const CaptureOptions& options = {});

// All texts run as one padded batch; each result equals the single-text one.
std::vector<Attention> capture_attention_batch(const Pretrained& model,
                                               const std::vector<std::string>& texts,
                                               const CaptureOptions& options = {});

}  // namespace attnscope
