#pragma once
// text -> tokenizer -> model -> Attention: the path every figure, analysis and page starts from.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attention/attention.hpp"
#include "pipeline/pretrained.hpp"

namespace attnscope {

struct CaptureOptions {
  std::optional<std::string> text_pair;  // BERT's second segment
  bool bos = false;                      // GPT-2: prepend <|endoftext|>
  bool truncate = false;                 // cut to the model's maximum with a warning, else an error
  bool replace_invalid = false;          // invalid UTF-8 becomes U+FFFD
  // BERT: token positions replaced by [MASK] before the forward pass (what the model then
  // predicts there, and how attention changes); an Error for GPT-2 or a special token.
  std::vector<int> mask;
};

Attention capture_attention(const Pretrained& model, std::string_view text,
                            const CaptureOptions& options = {});

// All texts run as one padded batch; each result equals the single-text one.
std::vector<Attention> capture_attention_batch(const Pretrained& model,
                                               const std::vector<std::string>& texts,
                                               const CaptureOptions& options = {});

// The steps above, for commands that need more than the Attention record (extract):
// Tokenizes `text` (and options.text_pair) and fits the result to the model: an empty GPT-2
// input is an Error; one longer than the model's maximum is an Error suggesting --truncate,
// or with options.truncate is cut (keeping BERT's final [SEP]) with a warning on stderr.
Encoding encode_for_model(const Pretrained& model, std::string_view text,
                          const CaptureOptions& options);
// Ids given directly (extract --ids, detect --ids-file and --repeat-random): checked against the
// vocabulary, given their tokens and fitted to the model the same way; no tokenizer runs.
Encoding encode_ids_for_model(const Pretrained& model, std::vector<int32_t> ids, bool truncate);
// Right-pads encodings into one batch.
Batch make_batch(const std::vector<Encoding>& encodings);
// Text `index` of a forward pass over `batch`, cut to its own length, as an Attention record of
// the layers `output` kept and the given heads of each (ascending; empty: all).
Attention attention_record(const Pretrained& model, const Encoding& encoding,
                           const ForwardOutput& output, const Batch& batch, int index,
                           const std::vector<int>& heads = {});
// The same written over `into`, whose buffers are reused (a corpus stream's records).
void fill_attention_record(Attention& into, const Pretrained& model, const Encoding& encoding,
                           const ForwardOutput& output, const Batch& batch, int index,
                           const std::vector<int>& heads = {});
// The same for a batch of one text, moving the attentions out of `output` instead of copying
// them: at 512 tokens they are 150 MB, and a copy would double the peak memory.
Attention take_attention_record(const Pretrained& model, const Encoding& encoding,
                                ForwardOutput& output);

}  // namespace attnscope
