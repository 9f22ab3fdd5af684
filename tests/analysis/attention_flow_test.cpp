#include "analysis/attention_flow.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <random>

#include "analysis/max_flow.hpp"
#include "hand_attention.hpp"

namespace attnscope::analysis {
namespace {

TEST(MaxFlow, TextbookNetwork) {
  // The network of Cormen et al. (Figure 26.1): maximum flow 23.
  MaxFlow network(6);
  network.add_edge(0, 1, 16);
  network.add_edge(0, 2, 13);
  network.add_edge(1, 3, 12);
  network.add_edge(2, 1, 4);
  network.add_edge(2, 4, 14);
  network.add_edge(3, 2, 9);
  network.add_edge(3, 5, 20);
  network.add_edge(4, 3, 7);
  network.add_edge(4, 5, 4);
  EXPECT_DOUBLE_EQ(network.solve(0, 5), 23);
  EXPECT_DOUBLE_EQ(network.solve(0, 5), 23);  // solving again starts from fresh capacities
  EXPECT_DOUBLE_EQ(network.solve(2, 3), 11);  // 2→4→3 (7) + 2→1→3 (4)
  EXPECT_DOUBLE_EQ(network.solve(5, 0), 0);   // no edges lead back
}

TEST(MaxFlow, NeedsTheReverseEdgeToUndoAGreedyPath) {
  // s=0, t=3: the greedy path 0→1→2→3 must be partly undone through the reverse of 1→2.
  MaxFlow network(4);
  network.add_edge(0, 1, 1);
  network.add_edge(0, 2, 1);
  network.add_edge(1, 2, 1);
  network.add_edge(1, 3, 1);
  network.add_edge(2, 3, 1);
  EXPECT_DOUBLE_EQ(network.solve(0, 3), 2);
}

TEST(AttentionFlow, TwoLayersByHand) {
  // Ã1 = [1 0; .25 .75], Ã2 = [.75 .25; 0 1] (see the rollout test).
  //   (2,0)→(0,0): via (1,0) min(.75, 1) + via (1,1) min(.25, .25) = 1
  //   (2,0)→(0,1): via (1,1) min(.25, .75) = .25        → row [1, .25] / 1.25
  //   (2,1)→(0,0): via (1,1) min(1, .25) = .25; (2,1)→(0,1): .75
  const auto attention =
      test::hand_attention({"a", "b"}, 2, 1, {1, 0, 0.5f, 0.5f, 0.5f, 0.5f, 0, 1});
  const auto flow = attention_flow(attention, {});
  EXPECT_NEAR(flow.at(0, 0, 0), 0.8, 1e-12);
  EXPECT_NEAR(flow.at(0, 0, 1), 0.2, 1e-12);
  EXPECT_NEAR(flow.at(0, 1, 0), 0.25, 1e-12);
  EXPECT_NEAR(flow.at(0, 1, 1), 0.75, 1e-12);
  // From layer 1 the flow is Ã1 itself: one edge per pair.
  const auto first = attention_flow(attention, {}, 1);
  EXPECT_NEAR(first.at(0, 1, 0), 0.25, 1e-12);
}

// Edmonds–Karp (shortest augmenting paths by BFS) on a dense capacity matrix: slow, obviously
// right, and independent of the code under test.
double reference_max_flow(std::vector<std::vector<double>> capacity, int source, int sink) {
  const int nodes = static_cast<int>(capacity.size());
  double total = 0;
  while (true) {
    std::vector<int> parent(nodes, -1);
    parent[source] = source;
    std::deque<int> queue{source};
    while (!queue.empty() && parent[sink] < 0) {
      const int u = queue.front();
      queue.pop_front();
      for (int v = 0; v < nodes; ++v)
        if (parent[v] < 0 && capacity[u][v] > 1e-15) {
          parent[v] = u;
          queue.push_back(v);
        }
    }
    if (parent[sink] < 0) return total;
    double bottleneck = 1e300;
    for (int v = sink; v != source; v = parent[v])
      bottleneck = std::min(bottleneck, capacity[parent[v]][v]);
    for (int v = sink; v != source; v = parent[v]) {
      capacity[parent[v]][v] -= bottleneck;
      capacity[v][parent[v]] += bottleneck;
    }
    total += bottleneck;
  }
}

TEST(AttentionFlow, MatchesAReferenceOnRandomThreeLayerInputs) {
  constexpr int kLayers = 3, kHeads = 2, kN = 6;
  std::mt19937 engine(2026);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  for (int trial = 0; trial < 5; ++trial) {
    std::vector<float> probs(kLayers * kHeads * kN * kN);
    for (std::size_t row = 0; row < probs.size(); row += kN) {
      float sum = 0;
      for (int j = 0; j < kN; ++j) sum += probs[row + j] = uniform(engine);
      for (int j = 0; j < kN; ++j) probs[row + j] /= sum;
    }
    const auto attention =
        test::hand_attention({"a", "b", "c", "d", "e", "f"}, kLayers, kHeads, probs);

    // Node (l, i) = l·n + i; capacity of (l, i)→(l−1, j) = ½·mean_h A_l[i, j] + ½·[i = j].
    std::vector<std::vector<double>> capacity((kLayers + 1) * kN,
                                              std::vector<double>((kLayers + 1) * kN, 0.0));
    for (int l = 1; l <= kLayers; ++l)
      for (int i = 0; i < kN; ++i) {
        std::vector<double> row(kN, 0.0);
        double sum = 0;
        for (int j = 0; j < kN; ++j) {
          for (int h = 0; h < kHeads; ++h) row[j] += attention.at(l - 1, h, i, j) / kHeads;
          row[j] = 0.5 * row[j] + (i == j ? 0.5 : 0.0);
          sum += row[j];
        }
        for (int j = 0; j < kN; ++j) capacity[l * kN + i][(l - 1) * kN + j] = row[j] / sum;
      }

    const auto flow = attention_flow(attention, {});
    for (int i = 0; i < kN; ++i) {
      std::vector<double> expected(kN);
      double sum = 0;
      for (int j = 0; j < kN; ++j)
        sum += expected[j] = reference_max_flow(capacity, kLayers * kN + i, j);
      for (int j = 0; j < kN; ++j)
        EXPECT_NEAR(flow.at(0, i, j), expected[j] / sum, 1e-9)
            << "trial " << trial << " " << i << "," << j;
    }
  }
}

// Every row reports once, counting up to n, and the result is the same as without a listener.
TEST(AttentionFlow, ReportsEachRowAndEstimatesTheWholeRun) {
  std::vector<float> probs(2 * 1 * 5 * 5, 0.2f);
  const auto attention = test::hand_attention({"a", "b", "c", "d", "e"}, 2, 1, probs);
  std::vector<std::size_t> reports;
  const auto flow = attention_flow(attention, {}, 0, [&](std::size_t done, std::size_t rows) {
    EXPECT_EQ(rows, 5u);
    reports.push_back(done);
  });
  EXPECT_EQ(reports, (std::vector<std::size_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(flow.values, attention_flow(attention, {}).values);

  const auto start = FlowEstimate::Clock::now();
  const FlowEstimate estimate(start);
  // 2 rows of 312 in 1 s: the whole run takes 156 s.
  EXPECT_DOUBLE_EQ(estimate.total_seconds(2, 312, start + std::chrono::seconds(1)), 156);
  EXPECT_EQ(estimate.total_seconds(0, 312, start + std::chrono::seconds(1)), 0);
}

}  // namespace
}  // namespace attnscope::analysis
