#pragma once
// Attention records made from the golden Hugging Face tensors, with the manifest's tokens.
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "attention/attention.hpp"
#include "io/safetensors.hpp"
#include "support/fixtures.hpp"

namespace attnscope::test {

inline nlohmann::json golden_manifest() {
  std::ifstream in(golden_dir() / "manifest.json");
  return nlohmann::json::parse(in);
}

// One manifest entry ({key, model, ids, tokens, shape}) with `<key>.attentions` from `store`.
inline Attention golden_attention(const io::TensorStore& store, const nlohmann::json& entry) {
  Attention attention;
  attention.model_name = entry["key"];
  attention.architecture = entry["model"] == "gpt2" ? Architecture::Gpt2 : Architecture::Bert;
  const auto ids = entry["ids"].get<std::vector<int32_t>>();
  const auto pieces = entry["tokens"].get<std::vector<std::string>>();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    Token token;
    token.id = ids[i];
    token.piece = token.display = pieces[i];
    attention.tokens.push_back(token);
  }
  attention.layers = entry["shape"][0];
  attention.heads = entry["shape"][1];
  attention.probs = store.to_f32(entry["key"].get<std::string>() + ".attentions");
  return attention;
}

}  // namespace attnscope::test
