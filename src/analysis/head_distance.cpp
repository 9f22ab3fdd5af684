#include "analysis/head_distance.hpp"

#include <algorithm>
#include <string>

#include "analysis/mixture_entropy.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"

namespace attnscope::analysis {

namespace {

constexpr double kKeep = 0.999, kSpread = 0.001;  // Clark's smoothing P' = 0.999·P + 0.001/n

}  // namespace

void HeadDistanceAccumulator::add_document(const Attention& attention) {
  const int n = attention.n();
  if (n == 0) return;
  if (pairs_.empty()) {
    layers_ = attention.layers;
    heads_ = attention.heads;
    const int count = layers_ * heads_;
    for (int a = 0; a < count; ++a)
      for (int b = a; b < count; ++b) pairs_.emplace_back(a, b);
    sums_.assign(pairs_.size(), 0.0);
  } else if (attention.layers != layers_ || attention.heads != heads_) {
    throw Error("head distance: a document has " + std::to_string(attention.layers) + "×" +
                std::to_string(attention.heads) + " heads after documents with " +
                std::to_string(layers_) + "×" + std::to_string(heads_) +
                "; a corpus run takes one model");
  }
  const std::size_t cells = static_cast<std::size_t>(n) * n;
  const float* probs = attention.probs.data();
  // JS(P'‖Q') summed over cells = ½(Σ p' ln p' + Σ q' ln q') − Σ m ln m with m = (p' + q')/2 =
  // 0.4995·(p + q) + 0.001/n, so one mixture sum per pair; the pair (a, a) gives Σ p' ln p'.
  const float scale = static_cast<float>(kKeep / 2), offset = static_cast<float>(kSpread / n);
  std::vector<double> m_log_m(pairs_.size());
  parallel_for(pairs_.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t k = begin; k < end; ++k) {
      const auto [a, b] = pairs_[k];
      m_log_m[k] = mixture_m_log_m(probs + a * cells, probs + b * cells, cells, scale, offset);
    }
  });
  const int count = layers_ * heads_;
  std::vector<double> self(count);
  for (std::size_t k = 0; k < pairs_.size(); ++k)
    if (pairs_[k].first == pairs_[k].second) self[pairs_[k].first] = m_log_m[k];
  for (std::size_t k = 0; k < pairs_.size(); ++k) {
    const auto [a, b] = pairs_[k];
    // The divergence is ≥ 0; rounding can leave a hair below it for near-identical heads.
    sums_[k] += std::max(0.0, (self[a] + self[b]) / 2 - m_log_m[k]);
  }
  docs_ += 1;
}

void HeadDistanceAccumulator::save(CorpusState& state) const {
  // A shard without documents adds nothing, so it merges with shards of any model.
  if (docs_ == 0) return;
  const int count = layers_ * heads_;
  std::vector<double> square(static_cast<std::size_t>(count) * count, 0.0);
  for (std::size_t k = 0; k < pairs_.size(); ++k) {
    const auto [a, b] = pairs_[k];
    square[a * count + b] = square[b * count + a] = sums_[k];
  }
  state.add("distance.js", {layers_, heads_, layers_, heads_}, square);
  state.add("distance.docs", {1}, {docs_});
}

HeadDistance head_distance(const CorpusState& state, const MdsOptions& options) {
  if (!state.has("distance.js"))
    throw Error("corpus state holds no head distances; run the corpus command on some text first");
  const StateArray& js = state.get("distance.js");
  HeadDistance distance;
  distance.docs = state.get("distance.docs").values.at(0);
  distance.layers = static_cast<int>(js.shape[0]);
  distance.heads = static_cast<int>(js.shape[1]);
  distance.js = js.values;
  distance.map = metric_mds(distance.js, distance.layers * distance.heads, options);
  return distance;
}

nlohmann::json distance_json(const HeadDistance& distance) {
  const int count = distance.layers * distance.heads;
  nlohmann::json heads = nlohmann::json::array(), js = nlohmann::json::array(),
                 mds = nlohmann::json::array();
  for (int a = 0; a < count; ++a) {
    heads.push_back({a / distance.heads, a % distance.heads});
    js.push_back(std::vector<double>(distance.js.begin() + a * count,
                                     distance.js.begin() + (a + 1) * count));
    mds.push_back({distance.map.points[a][0], distance.map.points[a][1]});
  }
  return {{"heads", heads},
          {"js", js},
          {"mds", mds},
          {"stress", distance.map.stress},
          {"documents", distance.docs}};
}

}  // namespace attnscope::analysis
