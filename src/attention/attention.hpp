#pragma once
// The one value that crosses every stage after the model: tokens plus every head's attention.
#include <cstdint>
#include <string>
#include <vector>

#include "model/config.hpp"
#include "model/precision.hpp"

namespace attnscope {

struct Token {
  int32_t id = 0;
  std::string piece;    // vocabulary form: "##ing", "Ġcat", "[CLS]"
  std::string display;  // the token's text, which joined gives the text back: " cat", "##ing"
  std::string label;    // the form every view shows (tokenize/token_labels.hpp): "cat", "##ing"
  int32_t start = 0;    // code-point offsets into the original text, as Hugging Face reports them
  int32_t end = 0;
  bool special = false;  // [CLS], [SEP], <|endoftext|>, [PAD]...
  int32_t segment = 0;   // a BERT sentence pair's text: 0 or 1; start/end count in that text
};

struct Attention {
  std::string model_name;  // "bert-base-uncased", or a folder's last path component
  Architecture architecture = Architecture::Bert;
  std::vector<Token> tokens;
  int layers = 0;
  int heads = 0;
  Precision precision = Precision::fp32;  // of the forward pass that made probs
  std::vector<float> probs;               // [layers][heads][query n][key n]; each row sums to 1

  int n() const { return static_cast<int>(tokens.size()); }
  bool causal() const { return is_causal(architecture); }
  const float* head(int layer, int head_index) const {
    return probs.data() + (static_cast<std::size_t>(layer) * heads + head_index) * n() * n();
  }
  float at(int layer, int head_index, int query, int key) const {
    return head(layer, head_index)[static_cast<std::size_t>(query) * n() + key];
  }
};

}  // namespace attnscope
