#include "pipeline/capture.hpp"

#include <algorithm>
#include <cstring>
#include <iostream>

#include "core/error.hpp"
#include "core/huge_pages.hpp"
#include "tokenize/truncation.hpp"

namespace attnscope {

namespace {

// An empty GPT-2 input is an Error; one longer than the model's maximum is an Error suggesting
// --truncate, or with `truncate` is cut (keeping BERT's final [SEP]) with a warning on stderr.
void fit_to_model(Encoding& encoding, const Pretrained& model, bool truncate) {
  const ModelConfig& config = model.model->config();
  if (encoding.size() == 0 && model.model->config().architecture == Architecture::Gpt2)
    throw Error("the input is empty and GPT-2 needs at least one token; give a text or pass --bos");
  const std::size_t max_tokens = config.max_positions;
  if (encoding.size() <= max_tokens) return;
  if (!truncate)
    throw Error("the input has " + std::to_string(encoding.size()) + " tokens but " + model.name +
                " takes at most " + std::to_string(max_tokens) +
                "; shorten it or pass --truncate to cut it");
  std::cerr << "warning: the input has " << encoding.size() << " tokens; truncated to "
            << max_tokens << ", the maximum of " << model.name << "\n";
  truncate_longest_first(encoding, max_tokens);
}

// Replaces the tokens at `positions` by the tokenizer's [MASK].
void mask_tokens(const Pretrained& model, Encoding& encoding, const std::vector<int>& positions) {
  const auto mask = model.tokenizer->mask_id();
  if (!mask)
    throw Error(model.name +
                " has no [MASK] token: masking is for BERT; GPT-2 predicts the next "
                "token at every position without it");
  for (int p : positions) {
    if (p < 0 || p >= static_cast<int>(encoding.size()))
      throw Error("cannot mask token " + std::to_string(p) + ": the text has " +
                  std::to_string(encoding.size()) + " tokens (0 to " +
                  std::to_string(encoding.size() - 1) + ")");
    if (encoding.is_special(p))
      throw Error("token " + std::to_string(p) + " (" + encoding.tokens[p] +
                  ") is a special token; mask a token of the text");
    encoding.ids[p] = *mask;
    encoding.tokens[p] = model.tokenizer->id_to_token(*mask);
  }
}

}  // namespace

Encoding encode_ids_for_model(const Pretrained& model, std::vector<int32_t> ids, bool truncate) {
  Encoding encoding;
  encoding.ids = std::move(ids);
  const int32_t vocab_size = model.model->config().vocab_size;
  for (int32_t id : encoding.ids) {
    if (id < 0 || id >= vocab_size)
      throw Error("token id " + std::to_string(id) + " is outside the vocabulary of " + model.name +
                  " (0.." + std::to_string(vocab_size - 1) + ")");
    encoding.tokens.push_back(model.tokenizer->id_to_token(id));
  }
  fit_to_model(encoding, model, truncate);
  return encoding;
}

Encoding encode_for_model(const Pretrained& model, std::string_view text,
                          const CaptureOptions& options) {
  EncodeOptions encode;
  encode.bos = options.bos;
  encode.replace_invalid = options.replace_invalid;
  Encoding encoding = options.text_pair
                          ? model.tokenizer->encode_pair(text, *options.text_pair, encode)
                          : model.tokenizer->encode(text, encode);
  fit_to_model(encoding, model, options.truncate);
  if (!options.mask.empty()) mask_tokens(model, encoding, options.mask);
  return encoding;
}

Batch make_batch(const std::vector<Encoding>& encodings) {
  Batch batch;
  batch.size = static_cast<int>(encodings.size());
  for (auto& e : encodings) batch.seq_len = std::max(batch.seq_len, static_cast<int>(e.size()));
  const std::size_t T = batch.seq_len;
  batch.ids.assign(batch.size * T, 0);
  batch.type_ids.assign(batch.size * T, 0);
  for (int b = 0; b < batch.size; ++b) {
    const Encoding& e = encodings[b];
    std::copy(e.ids.begin(), e.ids.end(), batch.ids.begin() + b * T);
    if (!e.type_ids.empty())
      std::copy(e.type_ids.begin(), e.type_ids.end(), batch.type_ids.begin() + b * T);
    batch.lengths.push_back(static_cast<int32_t>(e.size()));
  }
  return batch;
}

namespace {

// The record without its probabilities, for the layers `output` kept, written over `a`.
void fill_record_header(Attention& a, const Pretrained& model, const Encoding& encoding,
                        const ForwardOutput& output) {
  const ModelConfig& config = model.model->config();
  a.model_name = model.name;
  a.architecture = config.architecture;
  a.precision = model.model->precision();
  a.layers = static_cast<int>(output.attention_layers.size());
  a.heads = config.heads;
  a.tokens.resize(encoding.size());
  for (std::size_t i = 0; i < encoding.size(); ++i) {
    Token& t = a.tokens[i];
    t.id = encoding.ids[i];
    t.piece = i < encoding.tokens.size() ? encoding.tokens[i] : model.tokenizer->id_to_token(t.id);
    t.display = model.tokenizer->display(t.piece);
    if (i < encoding.offsets.size()) std::tie(t.start, t.end) = encoding.offsets[i];
    t.special = encoding.is_special(i);
    t.segment = i < encoding.type_ids.size() ? encoding.type_ids[i] : 0;
  }
  const auto labels = model.tokenizer->labels_of(encoding);
  for (std::size_t i = 0; i < a.tokens.size(); ++i) a.tokens[i].label = labels[i];
}

}  // namespace

Attention take_attention_record(const Pretrained& model, const Encoding& encoding,
                                ForwardOutput& output) {
  Attention a;
  fill_record_header(a, model, encoding, output);
  a.probs = std::move(output.attentions);
  return a;
}

void fill_attention_record(Attention& a, const Pretrained& model, const Encoding& encoding,
                           const ForwardOutput& output, const Batch& batch, int index,
                           const std::vector<int>& heads) {
  fill_record_header(a, model, encoding, output);
  const std::size_t n = encoding.size(), T = batch.seq_len, H = a.heads;
  if (!heads.empty()) a.heads = static_cast<int>(heads.size());
  const std::size_t size = static_cast<std::size_t>(a.layers) * a.heads * n * n;
  // Every cell is written below, so a buffer kept from an earlier document needs no zeroing.
  if (a.probs.capacity() < size) a.probs = huge_zero_vector(size);
  a.probs.resize(size);
  const float* text = output.attentions.data() + index * a.layers * H * T * T;
  for (int l = 0; l < a.layers; ++l)
    for (int k = 0; k < a.heads; ++k) {
      const std::size_t h = heads.empty() ? k : heads[k];
      const float* src = text + (l * H + h) * T * T;
      float* dst = a.probs.data() + (static_cast<std::size_t>(l) * a.heads + k) * n * n;
      for (std::size_t q = 0; q < n; ++q) std::memcpy(dst + q * n, src + q * T, sizeof(float) * n);
    }
}

Attention attention_record(const Pretrained& model, const Encoding& encoding,
                           const ForwardOutput& output, const Batch& batch, int index,
                           const std::vector<int>& heads) {
  Attention a;
  fill_attention_record(a, model, encoding, output, batch, index, heads);
  return a;
}

std::vector<Attention> capture_attention_batch(const Pretrained& model,
                                               const std::vector<std::string>& texts,
                                               const CaptureOptions& options) {
  std::vector<Encoding> encodings;
  for (auto& text : texts) encodings.push_back(encode_for_model(model, text, options));
  Batch batch = make_batch(encodings);
  ForwardOutput output = model.model->forward(batch);
  std::vector<Attention> results;
  // One text fills its batch exactly, so its attentions are handed over instead of copied
  // (151 MB for BERT-base at 512 tokens: the copy cost a third of the explorer's answer).
  if (batch.size == 1) {
    results.push_back(take_attention_record(model, encodings.front(), output));
    return results;
  }
  for (int b = 0; b < batch.size; ++b)
    results.push_back(attention_record(model, encodings[b], output, batch, b));
  return results;
}

Attention capture_attention(const Pretrained& model, std::string_view text,
                            const CaptureOptions& options) {
  return std::move(capture_attention_batch(model, {std::string(text)}, options).front());
}

}  // namespace attnscope
