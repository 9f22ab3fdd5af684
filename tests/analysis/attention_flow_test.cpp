#include "analysis/attention_flow.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <random>

#include "analysis/layered_max_flow.hpp"
#include "hand_attention.hpp"

namespace attnscope::analysis {
namespace {

// Node (l, i) of a LayerMatrices network as a row/column of a dense capacity matrix: l·n + i.
LayerMatrices layer_matrices(int layers, int n, std::vector<double> values) {
  return LayerMatrices{layers, n, std::move(values)};
}

TEST(LayeredMaxFlow, NeedsTheReverseEdgeToUndoAGreedyPath) {
  // Source (3,0) → A = (2,0), B = (2,1) → C = (1,0), D = (1,1) → sink (0,0). B reaches only C, and
  // the first path found, s→A→C→t, takes C: the second unit needs s→B→C, back to A, →D→t.
  const auto network = layer_matrices(3, 2,
                                      {1, 0, 1, 0,    // C→t, D→t (transition 1)
                                       1, 1, 1, 0,    // A→C, A→D, B→C, B→D (transition 2)
                                       1, 1, 0, 0});  // s→A, s→B (transition 3)
  LayeredMaxFlow solver(network, 3);
  EXPECT_DOUBLE_EQ(solver.solve(0, 0), 2);
  EXPECT_DOUBLE_EQ(solver.solve(0, 1), 0);  // nothing leads to (0,1)
  EXPECT_DOUBLE_EQ(solver.solve(0, 0), 2);  // solving again starts from no flow
  EXPECT_DOUBLE_EQ(solver.solve(1, 0), 0);  // (3,1) has no edges
  LayeredMaxFlow lower(network, 2);         // from layer 2: A→{C, D}→t
  EXPECT_DOUBLE_EQ(lower.solve(0, 0), 2);
  EXPECT_DOUBLE_EQ(lower.solve(1, 0), 1);
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

// Random layered networks of every shape up to 5 layers × 12 nodes, with weights spread from
// near-uniform to a few dominant edges, and exact zeros (masked keys) among them.
TEST(LayeredMaxFlow, MatchesAReferenceOnRandomNetworks) {
  std::mt19937 engine(2027);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  int solves = 0;
  for (int trial = 0; trial < 60; ++trial) {
    const int layers = 1 + trial % 5, n = 2 + (trial * 7) % 11;
    const double peak = 1 + 8 * uniform(engine), zeros = trial % 3 == 0 ? 0.3 : 0.0;
    std::vector<double> values(static_cast<std::size_t>(layers) * n * n);
    for (double& value : values)
      value = uniform(engine) < zeros ? 0.0 : std::exp(peak * uniform(engine)) / std::exp(peak);
    const auto network = layer_matrices(layers, n, values);
    std::vector<std::vector<double>> capacity((layers + 1) * n,
                                              std::vector<double>((layers + 1) * n, 0.0));
    for (int l = 1; l <= layers; ++l)
      for (int i = 0; i < n; ++i)
        for (int k = 0; k < n; ++k) capacity[l * n + i][(l - 1) * n + k] = network.at(l - 1, i, k);
    LayeredMaxFlow solver(network, layers);
    for (int source = 0; source < n; ++source)
      for (int sink = 0; sink < n; ++sink, ++solves)
        ASSERT_NEAR(solver.solve(source, sink),
                    reference_max_flow(capacity, layers * n + source, sink), 1e-9)
            << "trial " << trial << ": " << layers << " layers, " << n << " nodes, " << source
            << "→" << sink;
  }
  EXPECT_GT(solves, 3000);
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
