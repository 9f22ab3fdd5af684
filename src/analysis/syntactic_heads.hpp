#pragma once
// Heads the dependency probe backs as syntactic: a head earns the label for a relation only when,
// read as a parser (its better direction), it finds that relation's syntactic heads at least
// `margin` more often than the relation's best fixed-offset baseline. This replaces the
// notebook's guess from layer position, which callers keep only for "semantic".
#include <string>
#include <vector>

#include "analysis/corpus_results.hpp"

namespace attnscope::analysis {

inline constexpr double kSyntacticMargin = 0.10;

// One relation a head beats its baseline on.
struct RelationEvidence {
  std::string relation;
  std::string direction;  // "dep_to_head" or "head_to_dep", the better of the two
  double accuracy = 0;
  int baseline_offset = 0;
  double baseline_accuracy = 0;
  double margin() const { return accuracy - baseline_accuracy; }
};

struct SyntacticHead {
  int layer = 0, head = 0;
  std::vector<RelationEvidence> relations;  // largest margin first
};

// Every head with at least one such relation, by layer then head. "all" is not a relation: its
// baseline is the one offset that suits the mixture of relations best, so beating it shows a
// head that parses a little of everything, not which syntax it tracks.
std::vector<SyntacticHead> syntactic_heads(const ProbeResult& probe,
                                           double margin = kSyntacticMargin);

// "at least 10 points over the relation's best fixed-offset baseline"
std::string syntactic_rule(double margin = kSyntacticMargin);
// "det +32 pts over offset +1"
std::string describe(const RelationEvidence& evidence);
// "syntactic (det +32 pts over offset +1; amod +15 pts over offset -1)"
std::string syntactic_label(const SyntacticHead& head);

}  // namespace attnscope::analysis
