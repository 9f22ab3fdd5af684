#include "pipeline/query_key.hpp"

namespace attnscope {

QueryKey capture_query_key(const Pretrained& model, std::string_view text, int layer,
                           const CaptureOptions& options) {
  const ModelConfig& config = model.model->config();
  const Encoding encoding = encode_for_model(model, text, options);
  ForwardOptions forward;
  forward.attentions = false;
  forward.query_key_layer = layer;
  ForwardOutput output = model.model->forward(make_batch({encoding}), forward);
  QueryKey result;
  result.layer = layer;
  result.heads = config.heads;
  result.n = static_cast<int>(encoding.size());
  result.head_dim = config.head_dim();
  // A batch of one text has no padding: its [H][T][dh] blocks are already [H][n][dh].
  result.queries = std::move(output.queries);
  result.keys = std::move(output.keys);
  return result;
}

}  // namespace attnscope
