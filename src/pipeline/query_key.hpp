#pragma once
// One layer's query and key vectors of a text, for the explorer's neuron view: how a head's
// queries and keys make its attention (bertviz's neuron view). Asked for one layer at a time
// by its own forward pass, so no other request pays for them.
#include <string_view>
#include <vector>

#include "pipeline/capture.hpp"

namespace attnscope {

struct QueryKey {
  int layer = 0;
  int heads = 0;
  int n = 0;  // tokens
  int head_dim = 0;
  // [heads][n][head_dim] each, as the layer's attention used them: bias added, not yet scaled
  // by 1/√head_dim, so that head h's score of (q, k) is queries·keys / √head_dim.
  std::vector<float> queries;
  std::vector<float> keys;
};

// Layer `layer` of `text` (and options.text_pair) as capture_attention would encode it; an Error
// when the model has no such layer.
QueryKey capture_query_key(const Pretrained& model, std::string_view text, int layer,
                           const CaptureOptions& options = {});

}  // namespace attnscope
