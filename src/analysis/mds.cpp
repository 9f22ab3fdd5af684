#include "analysis/mds.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "core/error.hpp"
#include "core/parallel.hpp"

namespace attnscope::analysis {

namespace {

using Points = std::vector<std::array<double, 2>>;

double distance(const std::array<double, 2>& p, const std::array<double, 2>& q) {
  return std::hypot(p[0] - q[0], p[1] - q[1]);
}

void check_dissimilarities(const std::vector<double>& d, int n) {
  if (n < 0 || d.size() != static_cast<std::size_t>(n) * n)
    throw Error("MDS needs an n×n dissimilarity matrix; got " + std::to_string(d.size()) +
                " values for n = " + std::to_string(n));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double v = d[i * n + j], w = d[j * n + i];
      if (!std::isfinite(v) || v < 0)
        throw Error("MDS needs finite non-negative dissimilarities; entry (" + std::to_string(i) +
                    ", " + std::to_string(j) + ") is " + std::to_string(v));
      if (std::abs(v - w) > 1e-9 * std::max(std::abs(v), std::abs(w)))
        throw Error("MDS needs a symmetric dissimilarity matrix; entries (" + std::to_string(i) +
                    ", " + std::to_string(j) + ") and (" + std::to_string(j) + ", " +
                    std::to_string(i) + ") differ");
    }
}

// Uniform in [0, 1) from the engine's raw bits: std::uniform_real_distribution is not specified
// bit for bit, and the map must not change with the standard library.
double uniform(std::mt19937_64& engine) { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }

struct Step {
  double stress = 0;  // of the configuration the step started from
  Points next;
};

// One SMACOF step from one pass over the pairs: the stress of x and the Guttman transform
// x_i ← (1/n) Σ_{j≠i} (δ_ij / d_ij)(x_i − x_j), which never raises the stress; coincident points
// (d_ij = 0) pull nothing.
Step smacof_step(const Points& x, const std::vector<double>& d, int n) {
  Step step{0, Points(n, {0.0, 0.0})};
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) {
      const double dij = distance(x[i], x[j]), target = d[i * n + j];
      step.stress += (dij - target) * (dij - target);
      if (dij == 0) continue;
      const double ratio = target / dij;
      for (int c = 0; c < 2; ++c) {
        const double pull = ratio * (x[i][c] - x[j][c]);
        step.next[i][c] += pull;
        step.next[j][c] -= pull;
      }
    }
  for (auto& p : step.next)
    for (double& v : p) v /= n;
  return step;
}

MdsEmbedding smacof_from(Points x, const std::vector<double>& d, int n, const MdsOptions& options) {
  double previous = std::numeric_limits<double>::infinity();
  for (int it = 0; it < options.max_iterations; ++it) {
    Step step = smacof_step(x, d, n);
    if (step.stress == 0 || previous - step.stress < options.tolerance * previous) break;
    previous = step.stress;
    x = std::move(step.next);
  }
  const double stress = raw_stress(x, d);
  return {std::move(x), stress};
}

// Classical (Torgerson) scaling: the top two eigenvectors of the double-centred −½δ², scaled
// by the square roots of their eigenvalues. Exact for Euclidean distances in the plane and a
// start near the optimum otherwise, where random starts need many SMACOF iterations.
Points classical_scaling(const std::vector<double>& d, int n) {
  std::vector<double> b(d.size());
  std::vector<double> row_mean(n, 0.0);
  double mean = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double sq = d[i * n + j] * d[i * n + j];
      row_mean[i] += sq / n;
      mean += sq / (static_cast<double>(n) * n);
    }
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      b[i * n + j] = -0.5 * (d[i * n + j] * d[i * n + j] - row_mean[i] - row_mean[j] + mean);
  Points x(n, {0.0, 0.0});
  std::vector<std::vector<double>> found;
  for (int c = 0; c < 2; ++c) {
    // Power iteration, deflated against the vectors already found; a fixed start keeps it
    // deterministic, a shift by the row-sum bound keeps it on the largest positive eigenvalue.
    double shift = 0;
    for (int i = 0; i < n; ++i) {
      double sum = 0;
      for (int j = 0; j < n; ++j) sum += std::abs(b[i * n + j]);
      shift = std::max(shift, sum);
    }
    std::vector<double> v(n), next(n);
    for (int i = 0; i < n; ++i) v[i] = 1.0 + 0.01 * ((i * 7919 + c * 104729) % 101);
    double eigenvalue = 0;
    for (int it = 0; it < 1000; ++it) {
      for (const auto& u : found) {
        double dot = 0;
        for (int i = 0; i < n; ++i) dot += u[i] * v[i];
        for (int i = 0; i < n; ++i) v[i] -= dot * u[i];
      }
      double norm = 0;
      for (double e : v) norm += e * e;
      norm = std::sqrt(norm);
      if (norm == 0) break;
      for (double& e : v) e /= norm;
      double rayleigh = 0;
      for (int i = 0; i < n; ++i) {
        next[i] = shift * v[i];
        for (int j = 0; j < n; ++j) next[i] += b[i * n + j] * v[j];
        rayleigh += v[i] * next[i];
      }
      const double converged = std::abs(rayleigh - shift - eigenvalue);
      eigenvalue = rayleigh - shift;
      v.swap(next);
      if (converged <= 1e-12 * std::abs(eigenvalue)) break;
    }
    double norm = 0;
    for (double e : v) norm += e * e;
    norm = std::sqrt(norm);
    if (norm == 0) break;
    for (double& e : v) e /= norm;
    const double scale = std::sqrt(std::max(0.0, eigenvalue));
    for (int i = 0; i < n; ++i) x[i][c] = v[i] * scale;
    found.push_back(v);
  }
  return x;
}

}  // namespace

double raw_stress(const Points& points, const std::vector<double>& dissimilarities) {
  const int n = static_cast<int>(points.size());
  double stress = 0;
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) {
      const double r = distance(points[i], points[j]) - dissimilarities[i * n + j];
      stress += r * r;
    }
  return stress;
}

MdsEmbedding metric_mds(const std::vector<double>& dissimilarities, int n,
                        const MdsOptions& options) {
  check_dissimilarities(dissimilarities, n);
  // Both triangles, averaged: the upper one alone is what the updates read.
  std::vector<double> d(dissimilarities.size());
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      d[i * n + j] = (dissimilarities[i * n + j] + dissimilarities[j * n + i]) / 2;
  // Starts drawn in order, then run side by side: the same map whatever the thread count.
  std::mt19937_64 engine(options.seed);
  std::vector<Points> starts;
  for (int init = 0; init < options.inits; ++init) {
    if (init == 0) {
      starts.push_back(classical_scaling(d, n));
      continue;
    }
    Points start(n);
    for (auto& p : start) p = {uniform(engine), uniform(engine)};
    starts.push_back(std::move(start));
  }
  std::vector<MdsEmbedding> runs(starts.size());
  parallel_for(starts.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t k = begin; k < end; ++k)
      runs[k] = smacof_from(std::move(starts[k]), d, n, options);
  });
  MdsEmbedding best{Points(n, {0.0, 0.0}), raw_stress(Points(n, {0.0, 0.0}), d)};
  for (auto& run : runs)
    if (run.stress < best.stress) best = std::move(run);
  return best;
}

}  // namespace attnscope::analysis
