#include "pipeline/token_predictions.hpp"

#include "core/error.hpp"

namespace attnscope {

TokenPredictions predict_tokens(const Pretrained& model, std::string_view text,
                                const CaptureOptions& options, int k) {
  if (!model.model->predicts_tokens())
    throw Error(model.name +
                " has no masked-LM head (cls.predictions), so it predicts no tokens; use a "
                "BertForMaskedLM checkpoint such as bert-base-uncased");
  const Encoding encoding = encode_for_model(model, text, options);
  ForwardOptions forward;
  forward.attentions = false;
  forward.top_tokens = k;
  const ForwardOutput output = model.model->forward(make_batch({encoding}), forward);
  k = static_cast<int>(output.top_token_ids.size() / encoding.size());
  TokenPredictions predictions;
  predictions.next_token = model.model->config().architecture == Architecture::Gpt2;
  predictions.at.resize(encoding.size());
  for (std::size_t t = 0; t < encoding.size(); ++t) {
    for (int i = 0; i < k; ++i) {
      const int32_t id = output.top_token_ids[t * k + i];
      // Each candidate alone: the labels of a sequence would join byte fragments across them.
      const auto label = model.tokenizer->labels({model.tokenizer->id_to_token(id)}, {false});
      predictions.at[t].push_back({id, label.front(), output.top_token_probabilities[t * k + i]});
    }
  }
  return predictions;
}

}  // namespace attnscope
