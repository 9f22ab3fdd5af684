#include "golden_attention.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

#include "io/safetensors.hpp"
#include "support/fixtures.hpp"

namespace attnscope::test {

namespace {

const nlohmann::json& manifest_entry(const std::string& key) {
  static const nlohmann::json manifest = [] {
    std::ifstream in(golden_dir() / "manifest.json");
    return nlohmann::json::parse(in);
  }();
  for (const auto& e : manifest["entries"]["tiny"])
    if (e["key"] == key) return e;
  throw std::runtime_error("no golden entry " + key);
}

// The tokenizer's display form for the fixture's pieces: GPT-2's Ġ (U+0120) is a space.
std::string display_of(const std::string& piece) {
  std::string out;
  for (std::size_t i = 0; i < piece.size(); ++i) {
    if (piece.compare(i, 2, "\xC4\xA0") == 0) {
      out += ' ';
      ++i;
    } else {
      out += piece[i];
    }
  }
  return out;
}

}  // namespace

std::string golden_text(const std::string& key) { return manifest_entry(key)["text"]; }

Attention golden_attention(const std::string& key) {
  const auto& entry = manifest_entry(key);
  static const io::TensorStore store =
      io::read_safetensors(golden_dir() / "golden_tiny.safetensors");
  Attention a;
  a.model_name = entry["model"] == "bert" ? "tiny-bert" : "tiny-gpt2";
  a.architecture = entry["model"] == "bert" ? Architecture::Bert : Architecture::Gpt2;
  auto ids = entry["ids"].get<std::vector<int>>();
  auto pieces = entry["tokens"].get<std::vector<std::string>>();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    Token t;
    t.id = ids[i];
    t.piece = pieces[i];
    t.display = display_of(pieces[i]);
    t.special = pieces[i] == "[CLS]" || pieces[i] == "[SEP]" || pieces[i] == "<|endoftext|>";
    a.tokens.push_back(t);
  }
  auto shape = entry["shape"].get<std::vector<int>>();
  a.layers = shape[0];
  a.heads = shape[1];
  a.probs = store.to_f32(key + ".attentions");
  return a;
}

Attention synthetic_attention(int n, int layers, int heads, bool causal) {
  Attention a;
  a.model_name = "synthetic";
  a.architecture = causal ? Architecture::Gpt2 : Architecture::Bert;
  for (int i = 0; i < n; ++i) {
    Token t;
    t.piece = t.display = "tok" + std::to_string(i);
    t.special = i == 0 || i == n - 1;
    a.tokens.push_back(t);
  }
  a.layers = layers;
  a.heads = heads;
  a.probs.assign(static_cast<std::size_t>(layers) * heads * n * n, 0.f);
  for (int l = 0; l < layers; ++l)
    for (int h = 0; h < heads; ++h)
      for (int q = 0; q < n; ++q) {
        // Key k gets weight 1 + (k * (head number + 1)) mod 7, normalised: heads differ.
        int visible = causal ? q + 1 : n;
        int salt = l * heads + h + 1;
        double total = 0;
        for (int k = 0; k < visible; ++k) total += 1 + (k * salt) % 7;
        float* row = a.probs.data() + ((static_cast<std::size_t>(l) * heads + h) * n + q) * n;
        for (int k = 0; k < visible; ++k) row[k] = static_cast<float>((1 + (k * salt) % 7) / total);
      }
  return a;
}

}  // namespace attnscope::test
