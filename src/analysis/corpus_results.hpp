#pragma once
// What a corpus run concludes, derived from its CorpusState (one run or merged shards alike):
// the values written to stats.json and probe.json and drawn by the corpus figures.
#include <string>
#include <utility>
#include <vector>

namespace attnscope::analysis {

// Clark et al.'s statistics of every head (stats.json).
struct CorpusStats {
  std::string model;
  int layers = 0, heads = 0;
  double docs = 0, tokens = 0;
  // Metrics the architecture has, in stats.json order ("self", "prev", "next", "cls", "sep",
  // "punct", "sep_sep", "rest_sep", "entropy", "entropy_cls"); each the mean over documents of
  // that document's value, [layer][head] row-major.
  std::vector<std::pair<std::string, std::vector<double>>> metrics;
  double baseline_entropy = 0;      // mean over documents of ln n (uniform attention)
  std::vector<std::string> labels;  // [layer][head]; "" when no rule applies
};

// One relation's dependency-probing result (probe.json).
struct RelationProbe {
  std::string relation;               // universal part of DEPREL, or "all"
  double count = 0;                   // scored instances
  std::vector<double> dep_to_head;    // accuracy per head, [layer][head]
  std::vector<double> head_to_dep;    // accuracy per head, [layer][head]
  int best_layer = 0, best_head = 0;  // the best (layer, head, direction) of the two tables
  std::string best_direction;         // "dep_to_head" or "head_to_dep"
  double best_accuracy = 0;
  int baseline_offset = 0;  // best fixed offset from the dependent, in −3..−1, +1..+3
  double baseline_accuracy = 0;
};

struct ProbeResult {
  std::string model;
  int layers = 0, heads = 0;
  double sentences = 0, skipped_sentences = 0, words = 0;
  std::vector<RelationProbe> relations;  // by count, most frequent first; "all" last
};

}  // namespace attnscope::analysis
