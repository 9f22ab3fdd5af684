#include "analysis/syntactic_heads.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/dependency_probe.hpp"

namespace attnscope::analysis {
namespace {

// Accuracies are ratios of counts: 0.62 − 0.52 lands a hair under 0.10 in floating point, and a
// head exactly `margin` over its baseline must still count.
constexpr double kRoundingSlack = 1e-9;

}  // namespace

std::vector<SyntacticHead> syntactic_heads(const ProbeResult& probe, double margin) {
  std::vector<SyntacticHead> heads;
  const std::size_t count = static_cast<std::size_t>(probe.layers) * probe.heads;
  for (std::size_t h = 0; h < count; ++h) {
    SyntacticHead head{static_cast<int>(h) / probe.heads, static_cast<int>(h) % probe.heads, {}};
    for (const RelationProbe& r : probe.relations) {
      if (r.relation == "all" || r.dep_to_head.size() != count || r.head_to_dep.size() != count)
        continue;
      const bool dep = r.dep_to_head[h] >= r.head_to_dep[h];
      RelationEvidence evidence{r.relation, dep ? "dep_to_head" : "head_to_dep",
                                dep ? r.dep_to_head[h] : r.head_to_dep[h], r.baseline_offset,
                                r.baseline_accuracy};
      if (evidence.margin() + kRoundingSlack >= margin) head.relations.push_back(evidence);
    }
    std::stable_sort(head.relations.begin(), head.relations.end(),
                     [](const auto& a, const auto& b) { return a.margin() > b.margin(); });
    if (!head.relations.empty()) heads.push_back(std::move(head));
  }
  return heads;
}

std::string syntactic_rule(double margin) {
  return "at least " + std::to_string(std::lround(margin * 100)) +
         " points over the relation's best fixed-offset baseline";
}

std::string describe(const RelationEvidence& evidence) {
  return evidence.relation + " +" + std::to_string(std::lround(evidence.margin() * 100)) +
         " pts over offset " + offset_text(evidence.baseline_offset);
}

std::string syntactic_label(const SyntacticHead& head) {
  std::string label = "syntactic (";
  for (std::size_t k = 0; k < head.relations.size(); ++k)
    label += (k ? "; " : "") + describe(head.relations[k]);
  return label + ")";
}

}  // namespace attnscope::analysis
