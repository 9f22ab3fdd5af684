#pragma once
// What the model predicts at each token of a text (exBERT's and LIT's predictions): GPT-2's
// most likely next tokens, BERT's most likely fill-ins (the masked-LM head; meaningful where
// CaptureOptions::mask put [MASK]).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/capture.hpp"

namespace attnscope {

struct TokenPrediction {
  int32_t id = 0;
  std::string label;  // the one display form (Tokenizer::labels)
  float probability = 0;
};

struct TokenPredictions {
  bool next_token = false;                       // GPT-2: position t predicts token t + 1
  std::vector<std::vector<TokenPrediction>> at;  // [n][k], most likely first
};

// An Error naming the missing head for a BERT checkpoint without `cls.predictions`.
TokenPredictions predict_tokens(const Pretrained& model, std::string_view text,
                                const CaptureOptions& options, int k = 10);

}  // namespace attnscope
