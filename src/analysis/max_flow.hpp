#pragma once
// Maximum flow by Dinic's algorithm (level graph + blocking flows), for networks that are built
// once and solved many times between different source/sink pairs.
#include <cstdint>
#include <vector>

namespace attnscope::analysis {

class MaxFlow {
 public:
  explicit MaxFlow(int nodes);
  void add_edge(int from, int to, double capacity);
  // Max-flow value from source to sink; every solve starts from the original capacities.
  double solve(int source, int sink);

 private:
  bool build_levels(int source, int sink);
  double push(int node, int sink, double limit);

  int nodes_;
  std::vector<std::vector<int>> out_;  // edge ids leaving each node; edge e^1 is e's reverse
  std::vector<int> to_;
  std::vector<double> capacity_, residual_;
  // Edge pairs (e / 2) whose residuals changed: a new solve restores only these, since copying
  // every capacity per solve would cost more than the solve itself on large sparse flows.
  std::vector<int> touched_;
  std::vector<uint8_t> is_touched_;
  std::vector<int> level_, next_edge_, queue_;
};

}  // namespace attnscope::analysis
