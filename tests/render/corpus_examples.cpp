#include "corpus_examples.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "analysis/clark_metrics.hpp"
#include "analysis/head_scores.hpp"

namespace attnscope::test {

namespace {

constexpr int kLayers = 12, kHeads = 12;

enum class Kind { Previous, Next, Cls, Sep, Punct, Broad, Mixed };

// Early layers attend by position, middle ones to [SEP] and punctuation, late ones broadly.
Kind kind_of(int layer, int head) {
  const int k = (layer * 5 + head * 7) % 12;
  if (layer < 4)
    return k < 3 ? Kind::Previous : k < 5 ? Kind::Next : k < 7 ? Kind::Cls : Kind::Mixed;
  if (layer < 9) return k < 5 ? Kind::Sep : k < 8 ? Kind::Punct : Kind::Mixed;
  return k < 6 ? Kind::Broad : k < 8 ? Kind::Cls : Kind::Mixed;
}

Attention document(int n, std::mt19937& engine) {
  std::vector<std::string> pieces(n, "word");
  pieces.front() = "[CLS]";
  pieces.back() = "[SEP]";
  for (int i = 7; i < n - 1; i += 9) pieces[i] = i % 2 ? "," : ".";
  Attention a;
  a.model_name = "bert-like";
  a.layers = kLayers;
  a.heads = kHeads;
  for (const auto& p : pieces) {
    Token t;
    t.piece = t.display = p;
    t.special = p == "[CLS]" || p == "[SEP]";
    a.tokens.push_back(t);
  }
  a.probs.resize(static_cast<std::size_t>(kLayers) * kHeads * n * n);
  std::normal_distribution<float> logit(0.0f, 1.5f);
  std::uniform_real_distribution<float> strength(0.6f, 0.9f);
  for (int l = 0; l < kLayers; ++l)
    for (int h = 0; h < kHeads; ++h) {
      const Kind kind = kind_of(l, h);
      const float focus = strength(engine);
      for (int i = 0; i < n; ++i) {
        float* row = a.probs.data() + ((static_cast<std::size_t>(l) * kHeads + h) * n + i) * n;
        float sum = 0;
        for (int j = 0; j < n; ++j)
          sum += row[j] = std::exp((kind == Kind::Broad ? 0.2f : 1.0f) * logit(engine));
        for (int j = 0; j < n; ++j) row[j] *= (kind == Kind::Mixed ? 1.0f : 1 - focus) / sum;
        auto add = [&](int j, float w) { row[std::clamp(j, 0, n - 1)] += w; };
        switch (kind) {
          case Kind::Previous:
            add(i - 1, focus);
            break;
          case Kind::Next:
            add(i + 1, focus);
            break;
          case Kind::Cls:
            add(0, focus);
            break;
          case Kind::Sep:
            add(n - 1, focus);
            break;
          case Kind::Punct:
            for (int j = 7; j < n - 1; j += 9) add(j, focus * 9 / (n - 8));
            break;
          case Kind::Broad:
            for (int j = 0; j < n; ++j) add(j, focus / n);
            break;
          case Kind::Mixed:
            break;
        }
        float total = 0;
        for (int j = 0; j < n; ++j) total += row[j];
        for (int j = 0; j < n; ++j) row[j] /= total;
      }
    }
  return a;
}

}  // namespace

CorpusExample corpus_example(int documents) {
  std::mt19937 engine(2019);
  std::uniform_int_distribution<int> length(45, 60);
  analysis::HeadDistanceAccumulator distances;
  analysis::ScoreAverage averages;
  CorpusExample example;
  auto& stats = example.stats;
  stats.model = "bert-like";
  stats.layers = kLayers;
  stats.heads = kHeads;
  std::vector<double> cls_entropy(kLayers * kHeads, 0.0);
  for (int d = 0; d < documents; ++d) {
    const Attention a = document(length(engine), engine);
    distances.add_document(a);
    averages.add(analysis::clark_metrics(a));
    stats.docs += 1;
    stats.tokens += a.n();
    stats.baseline_entropy += std::log(a.n()) / documents;
    for (int head = 0; head < kLayers * kHeads; ++head) {
      const float* row = a.probs.data() + static_cast<std::size_t>(head) * a.n() * a.n();
      double entropy = 0;
      for (int j = 0; j < a.n(); ++j) {
        const double p = 0.9999 * row[j] + 1e-4 / a.n();
        entropy -= p * std::log(p);
      }
      cls_entropy[head] += entropy / documents;
    }
  }
  const analysis::HeadScores mean = averages.mean();
  for (const auto& [ours, theirs] :
       std::vector<std::pair<std::string, std::string>>{{"self", "self"},
                                                        {"prev", "previous_token"},
                                                        {"next", "next_token"},
                                                        {"cls", "cls"},
                                                        {"sep", "sep"},
                                                        {"punct", "clark_punct"},
                                                        {"entropy", "entropy_smoothed"}})
    stats.metrics.emplace_back(ours, mean.values(theirs));
  stats.metrics.emplace_back("entropy_cls", cls_entropy);
  for (int l = 0; l < kLayers; ++l)
    for (int h = 0; h < kHeads; ++h) stats.labels.push_back(analysis::clark_label(mean, l, h));
  analysis::CorpusState state;
  distances.save(state);
  example.distance = analysis::head_distance(state);
  return example;
}

analysis::ProbeResult probe_example() {
  analysis::ProbeResult probe;
  probe.model = "bert-like";
  probe.layers = kLayers;
  probe.heads = kHeads;
  probe.sentences = 2002;
  probe.words = 25148;
  struct Row {
    const char* relation;
    double count;
    int layer, head;
    const char* direction;
    double accuracy;
    int offset;
    double baseline;
  };
  const Row rows[] = {
      {"punct", 3096, 9, 3, "dep_to_head", 0.412, 1, 0.226},
      {"nsubj", 1912, 7, 1, "dep_to_head", 0.623, 1, 0.451},
      {"det", 1897, 7, 10, "dep_to_head", 0.943, 1, 0.512},
      {"case", 1788, 6, 4, "head_to_dep", 0.781, -1, 0.472},
      {"obj", 1301, 7, 9, "head_to_dep", 0.868, -2, 0.402},
      {"advmod", 1146, 5, 2, "dep_to_head", 0.497, 1, 0.401},
      {"amod", 1033, 3, 11, "dep_to_head", 0.785, 1, 0.757},
      {"aux", 986, 3, 9, "dep_to_head", 0.901, 1, 0.713},
      {"compound", 954, 5, 6, "dep_to_head", 0.826, 1, 0.798},
      {"cc", 708, 4, 3, "dep_to_head", 0.526, 2, 0.330},
      {"conj", 672, 6, 0, "head_to_dep", 0.452, -2, 0.187},
      {"mark", 542, 7, 11, "dep_to_head", 0.611, 2, 0.358},
      {"all", 25148, 6, 5, "dep_to_head", 0.347, 1, 0.343},
  };
  for (const auto& r : rows) {
    analysis::RelationProbe rel;
    rel.relation = r.relation;
    rel.count = r.count;
    rel.dep_to_head.assign(kLayers * kHeads, 0.1);
    rel.head_to_dep.assign(kLayers * kHeads, 0.1);
    rel.best_layer = r.layer;
    rel.best_head = r.head;
    rel.best_direction = r.direction;
    rel.best_accuracy = r.accuracy;
    rel.baseline_offset = r.offset;
    rel.baseline_accuracy = r.baseline;
    probe.relations.push_back(rel);
  }
  return probe;
}

}  // namespace attnscope::test
