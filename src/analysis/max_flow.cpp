#include "analysis/max_flow.hpp"

#include <algorithm>

namespace attnscope::analysis {

namespace {
// Capacities are attention weights (≤ 1); anything below this is rounding, not capacity.
constexpr double kEpsilon = 1e-12;
}  // namespace

MaxFlow::MaxFlow(int nodes) : nodes_(nodes), out_(nodes), level_(nodes), next_edge_(nodes) {
  queue_.reserve(nodes);
}

void MaxFlow::add_edge(int from, int to, double capacity) {
  out_[from].push_back(static_cast<int>(to_.size()));
  to_.push_back(to);
  capacity_.push_back(capacity);
  out_[to].push_back(static_cast<int>(to_.size()));
  to_.push_back(from);
  capacity_.push_back(0.0);
}

bool MaxFlow::build_levels(int source, int sink) {
  std::fill(level_.begin(), level_.end(), -1);
  queue_.clear();
  queue_.push_back(source);
  level_[source] = 0;
  for (std::size_t head = 0; head < queue_.size(); ++head) {
    const int node = queue_[head];
    if (node == sink) break;  // nodes at or beyond the sink's level cannot lie on a shortest path
    for (int e : out_[node]) {
      if (residual_[e] > kEpsilon && level_[to_[e]] < 0) {
        level_[to_[e]] = level_[node] + 1;
        queue_.push_back(to_[e]);
      }
    }
  }
  return level_[sink] >= 0;
}

double MaxFlow::push(int node, int sink, double limit) {
  if (node == sink) return limit;
  double sent = 0;
  for (int& i = next_edge_[node]; i < static_cast<int>(out_[node].size()); ++i) {
    const int e = out_[node][i];
    const int next = to_[e];
    if (residual_[e] <= kEpsilon || level_[next] != level_[node] + 1) continue;
    if (next != sink && level_[next] >= level_[sink]) continue;
    const double pushed = push(next, sink, std::min(limit - sent, residual_[e]));
    if (pushed > 0 && !is_touched_[e / 2]) {
      is_touched_[e / 2] = 1;
      touched_.push_back(e / 2);
    }
    residual_[e] -= pushed;
    residual_[e ^ 1] += pushed;
    sent += pushed;
    if (limit - sent <= kEpsilon) return sent;  // keep this edge: it may still have capacity
  }
  level_[node] = -1;  // nothing more gets through here in this phase
  return sent;
}

double MaxFlow::solve(int source, int sink) {
  if (source == sink) return 0;
  if (residual_.size() != capacity_.size()) {  // edges were added since the last solve
    residual_ = capacity_;
    is_touched_.assign(capacity_.size() / 2, 0);
    touched_.clear();
  }
  for (int pair : touched_) {
    residual_[2 * pair] = capacity_[2 * pair];
    residual_[2 * pair + 1] = capacity_[2 * pair + 1];
    is_touched_[pair] = 0;
  }
  touched_.clear();
  double total = 0;
  while (build_levels(source, sink)) {
    std::fill(next_edge_.begin(), next_edge_.end(), 0);
    total += push(source, sink, 1e300);
  }
  return total;
}

}  // namespace attnscope::analysis
