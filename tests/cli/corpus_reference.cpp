#include "corpus_reference.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <set>

#include "io/safetensors.hpp"

namespace attnscope::test {

StoredDocument read_extracted(const std::filesystem::path& path) {
  const io::TensorStore store = io::read_safetensors(path);
  StoredDocument document;
  document.causal = store.metadata.at("architecture") == "gpt2";
  for (const auto& t : nlohmann::json::parse(store.metadata.at("tokens")))
    document.tokens.push_back({t.at("piece"), t.at("start"), t.at("end"), t.at("special")});
  const io::FloatTensor attentions = store.f32("attentions");
  document.layers = static_cast<int>(attentions.shape.at(0));
  document.heads = static_cast<int>(attentions.shape.at(1));
  document.n = static_cast<int>(attentions.shape.at(2));
  EXPECT_EQ(document.n, static_cast<int>(document.tokens.size())) << path;
  document.probs.assign(attentions.data,
                        attentions.data + attentions.shape[0] * attentions.shape[1] *
                                              attentions.shape[2] * attentions.shape[3]);
  return document;
}

namespace {

std::set<int> positions(const StoredDocument& document, const std::set<std::string>& pieces) {
  std::set<int> found;
  for (int i = 0; i < document.n; ++i)
    if (pieces.count(document.tokens[i].piece)) found.insert(i);
  return found;
}

using Grid = std::vector<std::vector<double>>;

}  // namespace

Metrics reference_stats(const std::vector<StoredDocument>& documents) {
  const StoredDocument& first = documents.at(0);
  const Grid zero(first.layers, std::vector<double>(first.heads, 0.0));
  Metrics sums;
  for (const char* name : {"self", "prev", "next", "cls", "sep", "punct", "sep_sep", "rest_sep",
                           "entropy", "entropy_cls"})
    sums[name] = zero;
  double sep_documents = 0;
  for (const StoredDocument& d : documents) {
    const std::set<int> cls = d.causal ? std::set<int>{0} : positions(d, {"[CLS]"});
    const std::set<int> sep = d.causal ? std::set<int>{} : positions(d, {"[SEP]"});
    const std::set<int> punct = positions(d, {".", ","});
    const int seps = static_cast<int>(sep.size());
    const bool sep_metrics = seps > 0 && seps < d.n;
    if (sep_metrics) ++sep_documents;
    for (int layer = 0; layer < d.layers; ++layer)
      for (int head = 0; head < d.heads; ++head) {
        std::map<std::string, double> value;
        for (int i = 0; i < d.n; ++i) {
          double entropy = 0;
          for (int j = 0; j < d.n; ++j) {
            const double a = d.at(layer, head, i, j);
            if (j == i) value["self"] += a;
            if (j == i - 1) value["prev"] += a;
            if (j == i + 1) value["next"] += a;
            if (cls.count(j)) value["cls"] += a;
            if (punct.count(j)) value["punct"] += a;
            if (sep.count(j)) {
              value["sep"] += a;
              value[sep.count(i) ? "sep_sep" : "rest_sep"] += a;
            }
            const double p = 0.9999 * a + 1e-4 / d.n;
            entropy -= p * std::log(p);
          }
          value["entropy"] += entropy;
          if (i == 0) value["entropy_cls"] = entropy;
        }
        for (const char* name : {"self", "prev", "next", "cls", "sep", "punct", "entropy"})
          sums[name][layer][head] += value[name] / d.n;
        if (sep_metrics) {
          sums["sep_sep"][layer][head] += value["sep_sep"] / seps;
          sums["rest_sep"][layer][head] += value["rest_sep"] / (d.n - seps);
        }
        sums["entropy_cls"][layer][head] += value["entropy_cls"];
      }
  }
  for (auto& [name, grid] : sums)
    for (auto& row : grid)
      for (double& v : row)
        v /= (name == "sep_sep" || name == "rest_sep") ? sep_documents : documents.size();
  if (first.causal)
    for (const char* name : {"next", "sep", "sep_sep", "rest_sep"}) sums.erase(name);
  return sums;
}

std::vector<Span> word_spans(const io::ConlluSentence& sentence) {
  const std::string& text = sentence.text;
  const int words = static_cast<int>(sentence.words.size());
  std::vector<Span> spans(words);
  std::size_t cursor = 0, multiword = 0;
  for (int w = 0; w < words;) {
    const io::ConlluToken* token = multiword < sentence.multiword_tokens.size() &&
                                           sentence.multiword_tokens[multiword].first == w + 1
                                       ? &sentence.multiword_tokens[multiword++]
                                       : nullptr;
    const std::string surface = token ? token->form : sentence.words[w].form;
    const int last = token ? token->last : w + 1;  // one past the unit's last word, 0-based
    const std::size_t at = text.find(surface, cursor);
    EXPECT_NE(at, std::string::npos) << surface << " not in " << text;
    std::string spelled;
    for (int k = w; k < last; ++k) spelled += sentence.words[k].form;
    int start = static_cast<int>(at);
    for (int k = w; k < last; ++k) {
      if (spelled == surface) {
        const int length = static_cast<int>(sentence.words[k].form.size());
        spans[k] = {start, start + length};
        start += length;
      } else {
        spans[k] = {static_cast<int>(at), static_cast<int>(at + surface.size())};
      }
    }
    cursor = at + surface.size();
    w = last;
  }
  return spans;
}

namespace {

// Per word, the token positions whose first non-space character lies in its span.
std::vector<std::vector<int>> word_pieces(const StoredDocument& d, const std::string& text,
                                          const std::vector<Span>& spans) {
  std::vector<std::vector<int>> pieces(spans.size());
  for (int t = 0; t < d.n; ++t) {
    const StoredToken& token = d.tokens[t];
    if (token.special) continue;
    int start = token.start;
    while (start < token.end && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
    if (start >= token.end) continue;
    for (std::size_t w = 0; w < spans.size(); ++w)
      if (spans[w].start <= start && start < spans[w].end) pieces[w].push_back(t);
  }
  return pieces;
}

// argmax over j != i of score(j), ties to the lowest j; -1 when the sentence has one word.
template <typename Score>
int argmax_other(int words, int i, Score score) {
  int best = -1;
  double best_value = 0;
  for (int j = 0; j < words; ++j) {
    if (j == i) continue;
    const double value = score(j);
    if (best < 0 || value > best_value) best = j, best_value = value;
  }
  return best;
}

}  // namespace

ReferenceProbe reference_probe(const std::vector<StoredDocument>& documents,
                               const std::vector<io::ConlluSentence>& sentences) {
  ReferenceProbe probe;
  EXPECT_EQ(documents.size(), sentences.size());
  for (std::size_t s = 0; s < sentences.size(); ++s) {
    const StoredDocument& d = documents[s];
    const io::ConlluSentence& sentence = sentences[s];
    const int words = static_cast<int>(sentence.words.size());
    const auto pieces = word_pieces(d, sentence.text, word_spans(sentence));
    bool complete = true;
    for (const auto& p : pieces) complete = complete && !p.empty();
    if (!complete) {
      ++probe.skipped;
      continue;
    }
    ++probe.sentences;
    probe.words += words;
    for (int layer = 0; layer < d.layers; ++layer)
      for (int head = 0; head < d.heads; ++head) {
        std::vector<std::vector<double>> w(words, std::vector<double>(words, 0.0));
        for (int i = 0; i < words; ++i)
          for (int j = 0; j < words; ++j) {
            for (int p : pieces[i])
              for (int q : pieces[j]) w[i][j] += d.at(layer, head, p, q);
            w[i][j] /= pieces[i].size();
          }
        for (int i = 0; i < words; ++i) {
          const io::ConlluWord& word = sentence.words[i];
          const std::string relation = word.deprel.substr(0, word.deprel.find(':'));
          if (relation == "root" || relation == "punct") continue;
          const int gold = word.head - 1;
          const int to_head = argmax_other(words, i, [&](int j) { return w[i][j]; });
          const int to_dep = argmax_other(words, i, [&](int j) { return w[j][i]; });
          for (const std::string& name : {relation, std::string("all")}) {
            RelationHits& hits = probe.relations[name];
            if (hits.dep_to_head.empty()) {
              hits.dep_to_head.assign(d.layers, std::vector<int>(d.heads, 0));
              hits.head_to_dep = hits.dep_to_head;
            }
            if (layer == 0 && head == 0) {
              ++hits.count;
              for (int offset : {-3, -2, -1, 1, 2, 3}) hits.baseline[offset] += i + offset == gold;
            }
            hits.dep_to_head[layer][head] += to_head == gold;
            hits.head_to_dep[layer][head] += to_dep == gold;
          }
        }
      }
  }
  return probe;
}

}  // namespace attnscope::test
