#pragma once
// Attention records for render tests, built from Hugging Face's own attentions in
// golden_tiny.safetensors (the manifest gives texts and tokens), or by hand.
#include <string>
#include <vector>

#include "attention/attention.hpp"

namespace attnscope::test {

// `key` as in manifest.json ("tiny-bert.0", "tiny-gpt2.3").
Attention golden_attention(const std::string& key);
std::string golden_text(const std::string& key);

// A made-up record of n tokens ("tok0", "tok1", ...; first and last special), rows summing to 1,
// with cell (q, k) of head h in layer l a distinct, easily predicted value.
Attention synthetic_attention(int n, int layers = 2, int heads = 3, bool causal = false);

}  // namespace attnscope::test
