#pragma once
// The induction test's input for one model: the random draws with the model's own special tokens
// around each, as its tokenizer places them around an empty text ([BOS] r r for GPT-2,
// [CLS] r r [SEP] for BERT).
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/repeat_random.hpp"
#include "pipeline/pretrained.hpp"

namespace attnscope {

// Throws UsageError when the sequences are longer than the model takes, naming the largest length
// that fits in the caller's own spelling of the length option (`length_option` + N, e.g.
// "--repeat-random " or "repeat_random="); cutting them would drop the repeat the test scores.
std::vector<std::vector<int32_t>> repeat_random_input(const Pretrained& model,
                                                      const analysis::RepeatRandomSpec& spec,
                                                      const std::string& length_option);

}  // namespace attnscope
