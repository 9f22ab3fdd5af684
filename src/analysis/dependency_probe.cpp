#include "analysis/dependency_probe.hpp"

#include <algorithm>

#include "analysis/score_heads.hpp"
#include "analysis/score_writers.hpp"
#include "core/error.hpp"

namespace attnscope::analysis {
namespace {

constexpr const char* kCountPrefix = "probe.count.";

bool is_scored(const std::string& relation) { return relation != "root" && relation != "punct"; }

// argmax over j ≠ i of matrix[i·row_step + j·column_step]; the first maximum wins.
int argmax_other(const float* matrix, int w, int i, int row_step, int column_step) {
  int best = -1;
  float best_value = 0;
  for (int j = 0; j < w; ++j) {
    if (j == i) continue;
    const float value =
        matrix[static_cast<std::size_t>(i) * row_step + static_cast<std::size_t>(j) * column_step];
    if (best < 0 || value > best_value) {
      best = j;
      best_value = value;
    }
  }
  return best;
}

double scalar(const CorpusState& state, const std::string& name) {
  return state.has(name) ? state.get(name).values.at(0) : 0.0;
}

double ratio(double hits, double count) { return count > 0 ? hits / count : 0.0; }

RelationProbe make_probe(std::string relation, double count, const std::vector<double>& dep_hits,
                         const std::vector<double>& head_hits, const std::vector<double>& baseline,
                         int heads) {
  RelationProbe probe;
  probe.relation = std::move(relation);
  probe.count = count;
  for (double hits : dep_hits) probe.dep_to_head.push_back(ratio(hits, count));
  for (double hits : head_hits) probe.head_to_dep.push_back(ratio(hits, count));
  probe.best_accuracy = -1;
  for (const auto* table : {&probe.dep_to_head, &probe.head_to_dep})
    for (std::size_t h = 0; h < table->size(); ++h)
      if ((*table)[h] > probe.best_accuracy) {
        probe.best_accuracy = (*table)[h];
        probe.best_layer = static_cast<int>(h) / heads;
        probe.best_head = static_cast<int>(h) % heads;
        probe.best_direction = table == &probe.dep_to_head ? "dep_to_head" : "head_to_dep";
      }
  if (probe.best_accuracy < 0) probe.best_accuracy = 0;  // no heads at all
  probe.baseline_accuracy = -1;
  for (std::size_t k = 0; k < kBaselineOffsets.size(); ++k)
    if (ratio(baseline.at(k), count) > probe.baseline_accuracy) {
      probe.baseline_accuracy = ratio(baseline[k], count);
      probe.baseline_offset = kBaselineOffsets[k];
    }
  return probe;
}

// Most frequent first, ties by name; "all" (every scored word) last.
void sort_relations(std::vector<RelationProbe>& relations) {
  std::stable_sort(relations.begin(), relations.end(),
                   [](const RelationProbe& a, const RelationProbe& b) {
                     if ((a.relation == "all") != (b.relation == "all")) return b.relation == "all";
                     return a.count != b.count ? a.count > b.count : a.relation < b.relation;
                   });
}

// A [layer][head] grid as a row-major vector; every relation's grids must share one shape.
std::vector<double> read_grid(const nlohmann::json& grid, ProbeResult& result,
                              const std::string& what) {
  if (!grid.is_array()) throw Error(what + " has an accuracy table that is not a list of layers");
  const int layers = static_cast<int>(grid.size());
  if (layers == 0) return {};  // nothing was scored
  if (result.layers == 0) {
    result.layers = layers;
    result.heads = static_cast<int>(grid.at(0).size());
  }
  if (layers != result.layers)
    throw Error(what + " has " + std::to_string(layers) + " layers, expected " +
                std::to_string(result.layers));
  std::vector<double> values;
  for (const auto& row : grid) {
    if (static_cast<int>(row.size()) != result.heads)
      throw Error(what + " has a layer of " + std::to_string(row.size()) + " heads, expected " +
                  std::to_string(result.heads));
    for (const auto& value : row) values.push_back(value.get<double>());
  }
  return values;
}

}  // namespace

void DependencyProbe::add_sentence(const Attention& attention, const io::ConlluSentence& sentence,
                                   FromWord from) {
  const std::vector<WordSpan> words = conllu_words(sentence);
  const WordAlignment alignment = align_pieces(attention.tokens, sentence.text, words);
  if (!alignment.complete()) {
    skipped_sentences_ += 1;
    return;
  }
  score_words(word_attention(attention, alignment, words, from), sentence);
}

void DependencyProbe::score_words(const Attention& words, const io::ConlluSentence& sentence) {
  check_attention_shape(words);
  const int w = words.n();
  if (w != static_cast<int>(sentence.words.size()))
    throw Error(sentence.where(sentence.line) + ": word-level attention over " + std::to_string(w) +
                " words for a sentence of " + std::to_string(sentence.words.size()));
  if (!started_) {
    started_ = true;
    layers_ = words.layers;
    heads_ = words.heads;
  } else if (words.layers != layers_ || words.heads != heads_) {
    throw Error("dependency probe: attention with " + std::to_string(words.layers) +
                " layers and " + std::to_string(words.heads) + " heads after " +
                std::to_string(layers_) + " and " + std::to_string(heads_) +
                "; one run reads one model");
  }
  const std::size_t head_count = static_cast<std::size_t>(layers_) * heads_;
  // The counts each word adds to, or none for an unscored relation.
  std::vector<RelationCounts*> counts(w, nullptr);
  for (int i = 0; i < w; ++i) {
    const std::string relation = io::universal_relation(sentence.words[i].deprel);
    if (!is_scored(relation)) continue;
    RelationCounts& c = relations_[relation];
    if (c.dep_to_head.empty()) {
      c.dep_to_head.assign(head_count, 0);
      c.head_to_dep.assign(head_count, 0);
    }
    c.count += 1;
    const int gold = sentence.words[i].head - 1;
    for (std::size_t k = 0; k < kBaselineOffsets.size(); ++k)
      if (i + kBaselineOffsets[k] == gold) c.baseline[k] += 1;
    counts[i] = &c;
  }
  for (std::size_t h = 0; h < head_count; ++h) {
    const float* matrix = words.probs.data() + h * w * w;
    for (int i = 0; i < w; ++i) {
      if (!counts[i]) continue;
      const int gold = sentence.words[i].head - 1;
      if (argmax_other(matrix, w, i, w, 1) == gold) counts[i]->dep_to_head[h] += 1;
      if (argmax_other(matrix, w, i, 1, w) == gold) counts[i]->head_to_dep[h] += 1;
    }
  }
  sentences_ += 1;
  words_ += w;
}

void DependencyProbe::save(CorpusState& state) const {
  state.add("probe.sentences", {1}, {sentences_});
  state.add("probe.skipped_sentences", {1}, {skipped_sentences_});
  state.add("probe.words", {1}, {words_});
  for (const auto& [relation, c] : relations_) {
    state.add(kCountPrefix + relation, {1}, {c.count});
    state.add("probe.dep_to_head." + relation, {layers_, heads_}, c.dep_to_head);
    state.add("probe.head_to_dep." + relation, {layers_, heads_}, c.head_to_dep);
    state.add("probe.baseline." + relation, {static_cast<int64_t>(kBaselineOffsets.size())},
              {c.baseline.begin(), c.baseline.end()});
  }
}

ProbeResult probe_result(const CorpusState& state, const std::string& model, double min_count) {
  ProbeResult result;
  result.model = model;
  result.sentences = scalar(state, "probe.sentences");
  result.skipped_sentences = scalar(state, "probe.skipped_sentences");
  result.words = scalar(state, "probe.words");

  double all_count = 0;
  std::vector<double> all_dep, all_head, all_baseline(kBaselineOffsets.size(), 0.0);
  auto add_into = [](std::vector<double>& sum, const std::vector<double>& values) {
    if (sum.empty()) sum.assign(values.size(), 0.0);
    for (std::size_t i = 0; i < values.size(); ++i) sum[i] += values[i];
  };
  for (const StateArray& array : state.arrays()) {
    if (!array.name.starts_with(kCountPrefix)) continue;
    const std::string relation = array.name.substr(std::string_view(kCountPrefix).size());
    const StateArray& dep = state.get("probe.dep_to_head." + relation);
    const StateArray& head = state.get("probe.head_to_dep." + relation);
    const auto& baseline = state.get("probe.baseline." + relation).values;
    result.layers = static_cast<int>(dep.shape.at(0));
    result.heads = static_cast<int>(dep.shape.at(1));
    const double count = array.values.at(0);
    all_count += count;
    add_into(all_dep, dep.values);
    add_into(all_head, head.values);
    add_into(all_baseline, baseline);
    if (count >= min_count)
      result.relations.push_back(
          make_probe(relation, count, dep.values, head.values, baseline, result.heads));
  }
  result.relations.push_back(
      make_probe("all", all_count, all_dep, all_head, all_baseline, std::max(result.heads, 1)));
  sort_relations(result.relations);
  return result;
}

nlohmann::json probe_json(const ProbeResult& result) {
  nlohmann::json relations = nlohmann::json::object();
  for (const RelationProbe& r : result.relations)
    relations[r.relation] = {
        {"count", static_cast<int64_t>(r.count)},
        {"accuracy",
         {{"dep_to_head", layer_head_grid(r.dep_to_head, result.heads)},
          {"head_to_dep", layer_head_grid(r.head_to_dep, result.heads)}}},
        {"best",
         {{"layer", r.best_layer},
          {"head", r.best_head},
          {"direction", r.best_direction},
          {"accuracy", r.best_accuracy}}},
        {"baseline", {{"offset", r.baseline_offset}, {"accuracy", r.baseline_accuracy}}}};
  return {{"model", result.model},
          {"sentences", static_cast<int64_t>(result.sentences)},
          {"skipped_sentences", static_cast<int64_t>(result.skipped_sentences)},
          {"words", static_cast<int64_t>(result.words)},
          {"relations", std::move(relations)}};
}

std::string offset_text(int offset) {
  std::string text = std::to_string(offset);
  if (offset > 0) text.insert(text.begin(), '+');
  return text;
}

ProbeResult read_probe_json(const nlohmann::json& json) {
  try {
    ProbeResult result;
    result.model = json.at("model").get<std::string>();
    result.sentences = json.at("sentences").get<double>();
    result.skipped_sentences = json.at("skipped_sentences").get<double>();
    result.words = json.at("words").get<double>();
    for (const auto& [relation, r] : json.at("relations").items()) {
      RelationProbe probe;
      probe.relation = relation;
      probe.count = r.at("count").get<double>();
      const std::string where = "relation \"" + relation + "\"";
      probe.dep_to_head = read_grid(r.at("accuracy").at("dep_to_head"), result, where);
      probe.head_to_dep = read_grid(r.at("accuracy").at("head_to_dep"), result, where);
      const auto& best = r.at("best");
      probe.best_layer = best.at("layer").get<int>();
      probe.best_head = best.at("head").get<int>();
      probe.best_direction = best.at("direction").get<std::string>();
      probe.best_accuracy = best.at("accuracy").get<double>();
      probe.baseline_offset = r.at("baseline").at("offset").get<int>();
      probe.baseline_accuracy = r.at("baseline").at("accuracy").get<double>();
      result.relations.push_back(std::move(probe));
    }
    sort_relations(result.relations);
    return result;
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("not a probe result of `attnscope corpus --conllu`: ") + e.what());
  }
}

}  // namespace attnscope::analysis
