#pragma once
// The real bert-base-uncased and gpt2 tokenizers of the tiny fixture models, loaded once.
#include "support/fixtures.hpp"
#include "tokenize/tokenizer.hpp"

namespace attnscope::test {

inline const Tokenizer& bert_tokenizer() {
  static const auto tokenizer = Tokenizer::load(model_fixture("tiny-bert"), "bert");
  return *tokenizer;
}

inline const Tokenizer& gpt2_tokenizer() {
  static const auto tokenizer = Tokenizer::load(model_fixture("tiny-gpt2"), "gpt2");
  return *tokenizer;
}

using Offsets = std::vector<std::pair<int32_t, int32_t>>;

}  // namespace attnscope::test
