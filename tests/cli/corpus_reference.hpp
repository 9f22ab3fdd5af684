#pragma once
// The corpus command's numbers recomputed the plain way, from `attnscope extract` files, with
// none of attnscope's analysis code: the end-to-end corpus tests compare the binary with these.
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "io/conllu.hpp"

namespace attnscope::test {

struct StoredToken {
  std::string piece;
  int start = 0, end = 0;
  bool special = false;
};

// One document as `attnscope extract -o X.safetensors` stored it.
struct StoredDocument {
  bool causal = false;
  int layers = 0, heads = 0, n = 0;
  std::vector<StoredToken> tokens;
  std::vector<float> probs;  // [layers][heads][n][n]

  double at(int layer, int head, int i, int j) const {
    return probs[((static_cast<std::size_t>(layer) * heads + head) * n + i) * n + j];
  }
};

StoredDocument read_extracted(const std::filesystem::path& path);

// stats.json's "metrics": name -> [layer][head], means over the documents.
using Metrics = std::map<std::string, std::vector<std::vector<double>>>;
Metrics reference_stats(const std::vector<StoredDocument>& documents);

// A word's character span in its sentence's text (the tests use ASCII texts, so bytes).
struct Span {
  int start = 0, end = 0;
};
// The sentence's syntactic words found in order in its text; a multiword token's words split its
// span when their forms spell it, and share it otherwise.
std::vector<Span> word_spans(const io::ConlluSentence& sentence);

struct RelationHits {
  int count = 0;
  std::vector<std::vector<int>> dep_to_head, head_to_dep;  // [layer][head]
  std::map<int, int> baseline;                             // offset -> hits
};
struct ReferenceProbe {
  int sentences = 0, skipped = 0, words = 0;
  std::map<std::string, RelationHits> relations;  // "all" included
};
// Dependency probing with attention from a word = mean of its pieces' rows.
ReferenceProbe reference_probe(const std::vector<StoredDocument>& documents,
                               const std::vector<io::ConlluSentence>& sentences);

}  // namespace attnscope::test
