#pragma once
// How differently every two heads attend, over a corpus (Clark et al. 2019, section 6): the
// Jensen–Shannon divergence between their smoothed attention maps, P' = 0.999·P + 0.001/n,
// summed over every cell of the map (not averaged over rows) and over documents, as Clark's
// head_distances.py does; then a 2-D metric MDS of that matrix to draw all heads on one map.
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "analysis/corpus_state.hpp"
#include "analysis/mds.hpp"
#include "attention/attention.hpp"

namespace attnscope::analysis {

// Sums the divergences of every pair of heads over the documents it is given. Heads are
// numbered layer·heads + head; all documents must come from one model.
class HeadDistanceAccumulator {
 public:
  // Adds this document's divergence for every pair of its layers·heads heads. Costs
  // (L·H)²/2 · n² logarithms, vectorised and spread over parallel_for.
  void add_document(const Attention& attention);
  // Adds what was summed so far to `state` ("distance.js" [L, H, L, H], symmetric with a zero
  // diagonal, and "distance.docs"), so shards merge by CorpusState::merge; nothing when no
  // document was added. Call once per state.
  void save(CorpusState& state) const;

 private:
  int layers_ = 0, heads_ = 0;
  double docs_ = 0;
  std::vector<std::pair<int, int>> pairs_;  // (a, b) with a ≤ b, the diagonal included
  std::vector<double> sums_;                // per pair of pairs_
};

struct HeadDistance {
  int layers = 0, heads = 0;
  double docs = 0;
  std::vector<double> js;  // [L·H][L·H] summed divergences, heads in layer-major order
  MdsEmbedding map;        // one point per head, same order
};

// The summed divergences of a (merged) state and their MDS map. Error if the state has none.
HeadDistance head_distance(const CorpusState& state, const MdsOptions& options = {});

// {"heads": [[layer, head], ...], "js": [[...], ...], "mds": [[x, y], ...], "stress",
// "documents"}.
nlohmann::json distance_json(const HeadDistance& distance);

}  // namespace attnscope::analysis
