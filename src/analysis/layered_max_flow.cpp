#include "analysis/layered_max_flow.hpp"

#include <algorithm>
#include <numeric>

namespace attnscope::analysis {

namespace {
// Capacities are attention weights (≤ 1); anything below this is rounding, not capacity.
constexpr double kEpsilon = 1e-12;

// The first entry ≥ c still in a skip list, compressing the steps taken so later calls jump.
int first_in(std::vector<int>& skip, int c) {
  int in = c;
  while (skip[in] != in) in = skip[in];
  while (skip[c] != in) c = std::exchange(skip[c], in);
  return in;
}

void take_out(std::vector<int>& skip, int c) { skip[c] = c + 1; }

// A skip list over 0..size−1 (and the end, size) holding every entry.
void fill_skip(std::vector<int>& skip, std::size_t size) {
  skip.resize(size + 1);
  std::iota(skip.begin(), skip.end(), 0);
}
}  // namespace

LayeredMaxFlow::LayeredMaxFlow(const LayerMatrices& mixed, int top)
    : mixed_(mixed),
      top_(top),
      n_(mixed.n),
      residual_(mixed.values.begin(),
                mixed.values.begin() + static_cast<std::ptrdiff_t>(top) * n_ * n_),
      carries_(residual_.size(), 0),
      senders_(static_cast<std::size_t>(top + 1) * n_),
      level_(senders_.size(), -1),
      forward_next_(senders_.size()),
      backward_next_(senders_.size()),
      unlabelled_(top),
      labelled_(top),
      labelled_level_(top),
      alive_(top),
      place_(senders_.size()) {
  queue_.reserve(senders_.size());
  // A causal layer gives row i capacity up to column i only: walks keep to each row's range.
  for (int layer = 1; layer <= top; ++layer)
    for (int i = 0; i < n_; ++i) {
      const double* row = mixed.values.data() + edge(layer, i, 0);
      int first = 0, last = n_ - 1;
      while (first < n_ && row[first] <= kEpsilon) ++first;
      while (last >= first && row[last] <= kEpsilon) --last;
      nonzero_.emplace_back(first, last);
      ranged_ = ranged_ || first > 0 || last < n_ - 1;
    }
}

std::size_t LayeredMaxFlow::edge(int layer, int from, int to) const {
  return (static_cast<std::size_t>(layer - 1) * n_ + from) * n_ + to;
}

void LayeredMaxFlow::clear() {
  for (std::size_t e : carried_) {
    residual_[e] = mixed_.values[e];
    carries_[e] = 0;
    senders_[e / (static_cast<std::size_t>(n_) * n_) * n_ + e % n_].clear();
  }
  carried_.clear();
}

void LayeredMaxFlow::add_flow(std::size_t e, int layer, int from, int to, double amount) {
  if (!carries_[e]) {
    carries_[e] = 1;
    carried_.push_back(e);
    senders_[(layer - 1) * n_ + to].push_back(from);
  }
  residual_[e] -= amount;
}

double LayeredMaxFlow::flow(std::size_t e) const { return mixed_.values[e] - residual_[e]; }

void LayeredMaxFlow::label(int node, int level) {
  level_[node] = level;
  queue_.push_back(node);
  const int layer = node / n_;
  labelled_[layer].push_back(node % n_);
  take_out(unlabelled_[layer], node % n_);
}

bool LayeredMaxFlow::build_levels() {
  std::fill(level_.begin(), level_.end(), -1);
  for (int layer = 0; layer < top_; ++layer) {
    fill_skip(unlabelled_[layer], n_);
    labelled_[layer].clear();
  }
  for (int k = 0; k < n_; ++k)  // layer 0 holds only the sink
    if (k != sink_) take_out(unlabelled_[0], k);
  queue_.clear();
  queue_.push_back(source_);  // the top layer holds only the source
  level_[source_] = 0;
  for (std::size_t head = 0; head < queue_.size(); ++head) {
    const int node = queue_[head];
    // Nodes at or beyond the sink's level cannot lie on a shortest path.
    if (level_[sink_] >= 0 && level_[node] >= level_[sink_]) break;
    const int layer = node / n_, i = node % n_;
    if (layer >= 1) {
      auto& unlabelled = unlabelled_[layer - 1];
      const std::size_t row = edge(layer, i, 0);
      const auto [first, last] = nonzero_[(layer - 1) * n_ + i];
      for (int k = first_in(unlabelled, first); k <= last; k = first_in(unlabelled, k + 1))
        if (residual_[row + k] > kEpsilon) label((layer - 1) * n_ + k, level_[node] + 1);
    }
    // Back up along edges that carry flow; the top layer's only node, the source, is labelled.
    if (layer + 1 < top_)
      for (int from : senders_[node])
        if (level_[(layer + 1) * n_ + from] < 0 && flow(edge(layer + 1, from, i)) > kEpsilon)
          label((layer + 1) * n_ + from, level_[node] + 1);
  }
  // In order of level (as labelled), then position where rows have ranges, so that the
  // candidates of one node are one run of its next layer.
  for (int layer = 0; layer < top_; ++layer) {
    auto& labelled = labelled_[layer];
    auto& levels = labelled_level_[layer];
    if (ranged_)
      std::sort(labelled.begin(), labelled.end(), [&](int a, int b) {
        return std::pair(level_[layer * n_ + a], a) < std::pair(level_[layer * n_ + b], b);
      });
    levels.clear();
    for (std::size_t c = 0; c < labelled.size(); ++c) {
      place_[layer * n_ + labelled[c]] = static_cast<int>(c);
      levels.push_back(level_[layer * n_ + labelled[c]]);
    }
    fill_skip(alive_[layer], labelled.size());
  }
  return level_[sink_] >= 0;
}

int LayeredMaxFlow::first_candidate(int layer, int level, int from_position) const {
  const auto& levels = labelled_level_[layer];
  const auto begin = std::lower_bound(levels.begin(), levels.end(), level);
  const auto end = std::upper_bound(begin, levels.end(), level);
  const auto& labelled = labelled_[layer];
  return static_cast<int>(std::lower_bound(labelled.begin() + (begin - levels.begin()),
                                           labelled.begin() + (end - levels.begin()),
                                           from_position) -
                          labelled.begin());
}

double LayeredMaxFlow::push(int node, double limit) {
  if (node == sink_) return limit;
  const int layer = node / n_, i = node % n_;
  const int next_level = level_[node] + 1;
  double sent = 0;
  // Forward: the live nodes of layer − 1 one level further on within the row's range; only the
  // sink lies at the sink's level.
  if (layer >= 1 && (next_level < level_[sink_] || (next_level == level_[sink_] && layer == 1))) {
    const auto& candidates = labelled_[layer - 1];
    const auto& levels = labelled_level_[layer - 1];
    const auto [first, last] = nonzero_[(layer - 1) * n_ + i];
    int& c = forward_next_[node];
    if (c < 0) c = first_candidate(layer - 1, next_level, first);
    while ((c = first_in(alive_[layer - 1], c)) < static_cast<int>(candidates.size()) &&
           levels[c] == next_level && candidates[c] <= last) {
      const int k = candidates[c];
      const std::size_t e = edge(layer, i, k);
      const double residual = residual_[e];
      if (residual <= kEpsilon) {
        ++c;
        continue;
      }
      const double pushed = push((layer - 1) * n_ + k, std::min(limit - sent, residual));
      if (pushed > 0) add_flow(e, layer, i, k, pushed);
      sent += pushed;
      if (limit - sent <= kEpsilon) return sent;  // keep this edge: it may still have capacity
    }
  }
  if (layer + 1 < top_) {
    const auto& senders = senders_[node];
    for (int& c = backward_next_[node]; c < static_cast<int>(senders.size()); ++c) {
      const int from = senders[c], next = (layer + 1) * n_ + from;
      const std::size_t e = edge(layer + 1, from, i);
      const double back = flow(e);
      if (back <= kEpsilon || level_[next] != next_level || next_level >= level_[sink_]) continue;
      const double pushed = push(next, std::min(limit - sent, back));
      residual_[e] += pushed;
      sent += pushed;
      if (limit - sent <= kEpsilon) return sent;
    }
  }
  // Nothing more gets through here in this phase, for any node above.
  level_[node] = -1;
  if (layer < top_) take_out(alive_[layer], place_[node]);  // the source is in no layer's list
  return sent;
}

double LayeredMaxFlow::solve(int source, int sink) {
  clear();
  source_ = top_ * n_ + source;
  sink_ = sink;
  double total = 0;
  while (build_levels()) {
    std::fill(forward_next_.begin(), forward_next_.end(), -1);
    std::fill(backward_next_.begin(), backward_next_.end(), 0);
    total += push(source_, 1e300);
  }
  return total;
}

}  // namespace attnscope::analysis
