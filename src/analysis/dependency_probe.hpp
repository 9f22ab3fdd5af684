#pragma once
// Dependency probing (Clark et al. 2019, section 4.2): how well each head, read as a parser,
// finds every word's syntactic head in a treebank. At word level (word_attention), direction
// dep_to_head predicts word i's head as argmax over words j ≠ i of W[i, j] (where i looks);
// head_to_dep as argmax over j ≠ i of W[j, i] (who looks at i); ties go to the lowest index.
// Words are scored per universal relation (DEPREL before ':'); root and punct are not scored.
// Baselines: the word a fixed offset −3, −2, −1, +1, +2, +3 from the dependent (an offset
// outside the sentence predicts nothing), the best offset per relation.
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/corpus_results.hpp"
#include "analysis/corpus_state.hpp"
#include "analysis/word_attention.hpp"
#include "attention/attention.hpp"
#include "io/conllu.hpp"

namespace attnscope::analysis {

inline constexpr std::array<int, 6> kBaselineOffsets = {-3, -2, -1, 1, 2, 3};

// A baseline offset as the figures and tables print it: "+1", "-2".
std::string offset_text(int offset);

class DependencyProbe {
 public:
  // One sentence as the model read it: `attention` is the model's output on sentence.text. Its
  // pieces are aligned with the sentence's words (conllu_words, align_pieces); a sentence where
  // some word gets no piece is counted as skipped, any other is merged to word level and scored.
  // Throws Error "file:line: ..." when the text does not hold the words.
  void add_sentence(const Attention& attention, const io::ConlluSentence& sentence, FromWord from);
  // Scores word-level attention whose tokens are the sentence's words, in order.
  void score_words(const Attention& words, const io::ConlluSentence& sentence);
  // Adds what was counted into `state` (once: saving twice counts twice).
  void save(CorpusState& state) const;

 private:
  struct RelationCounts {
    double count = 0;
    std::vector<double> dep_to_head, head_to_dep;            // hits per head, [layer][head]
    std::array<double, kBaselineOffsets.size()> baseline{};  // hits per offset
  };

  bool started_ = false;
  int layers_ = 0, heads_ = 0;
  double sentences_ = 0, skipped_sentences_ = 0, words_ = 0;
  std::map<std::string, RelationCounts> relations_;
};

// Accuracies of a run's (or merged shards') state: every relation with at least `min_count`
// scored words, most frequent first, then "all" (every scored word). "sentences" and "words"
// count the scored sentences and their words; skipped sentences are counted apart. The best
// head prefers, among equal accuracies, dep_to_head, then the lower layer, then the lower head;
// the best baseline the first offset in kBaselineOffsets order.
ProbeResult probe_result(const CorpusState& state, const std::string& model,
                         double min_count = 100);

// {"model", "sentences", "skipped_sentences", "words", "relations": {REL: {"count",
//  "accuracy": {"dep_to_head": [[acc per head] per layer], "head_to_dep": [[...]]},
//  "best": {"layer", "head", "direction", "accuracy"}, "baseline": {"offset", "accuracy"}}}}
nlohmann::json probe_json(const ProbeResult& result);

// The ProbeResult that probe_json wrote (relations back in probe_result's order). Throws Error
// saying what is missing or inconsistent when `json` is not such a document.
ProbeResult read_probe_json(const nlohmann::json& json);

}  // namespace attnscope::analysis
