#pragma once
// Maximum flow by Dinic's algorithm on the network of attention flow: layers of n nodes, every node
// of layer l joined to every node of layer l−1. Built for n² solves between a node of the top layer
// and a node of layer 0, it keeps the graph dense (one matrix of residual capacities per layer) and
// never looks at a node twice for nothing: the search for levels skips nodes already labelled, the
// blocking flow skips nodes that died, each in one step for all nodes above. A solve then costs
// about its augmenting paths instead of the n²·L edges.
#include <cstdint>
#include <utility>
#include <vector>

#include "analysis/rollout.hpp"

namespace attnscope::analysis {

class LayeredMaxFlow {
 public:
  // Edge (l, i)→(l−1, k) has capacity mixed.at(l − 1, i, k), for l = 1..top; `mixed` must outlive
  // the solver.
  LayeredMaxFlow(const LayerMatrices& mixed, int top);

  // Max-flow value from node (top, source) to node (0, sink); every solve starts from no flow.
  double solve(int source, int sink);

 private:
  std::size_t edge(int layer, int from, int to) const;  // (layer, from)→(layer − 1, to)
  void clear();
  bool build_levels();
  void label(int node, int level);
  int first_candidate(int layer, int level, int from_position) const;
  double push(int node, double limit);
  void add_flow(std::size_t edge, int layer, int from, int to, double amount);
  double flow(std::size_t edge) const;  // what the edge carries: its residual back up

  const LayerMatrices& mixed_;
  int top_, n_;
  int source_ = 0, sink_ = 0;     // node ids: layer·n + position
  std::vector<double> residual_;  // capacity left on each edge, indexed like mixed_.values
  // Edges that carried flow in this solve, so that a solve clears only those (n²·L edges in all).
  std::vector<uint8_t> carries_;
  std::vector<std::size_t> carried_;
  // Per node (l, k): the nodes i of layer l + 1 whose edge (l + 1, i)→(l, k) carried flow, i.e. the
  // residual graph's edges back up from (l, k).
  std::vector<std::vector<int>> senders_;
  std::vector<int> level_, forward_next_, backward_next_, queue_;
  // Per layer, as skip lists (entry c is c while c is in, else a step towards the next one in):
  // the positions not yet labelled in this phase, and the places of the labelled list (labelled
  // nodes in order of level, then position) whose nodes still live in this blocking flow.
  std::vector<std::vector<int>> unlabelled_, labelled_, labelled_level_, alive_;
  std::vector<int> place_;                    // each labelled node's place in labelled_
  std::vector<std::pair<int, int>> nonzero_;  // per row (l, i): first and last column above 0
  bool ranged_ = false;                       // some row's range is not every column
};

}  // namespace attnscope::analysis
