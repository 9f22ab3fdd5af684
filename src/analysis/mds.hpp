#pragma once
// Metric multidimensional scaling by SMACOF (de Leeuw's majorisation, as scikit-learn's
// MDS(dissimilarity="precomputed") runs it): points in the plane whose distances match a given
// dissimilarity matrix as closely as possible in the least-squares sense.
#include <array>
#include <cstdint>
#include <vector>

namespace attnscope::analysis {

struct MdsOptions {
  int inits = 8;              // starts: classical scaling, then random ones; the lowest stress wins
  int max_iterations = 1000;  // per start (Clark et al.'s setting; scikit-learn's default is 300)
  double tolerance = 1e-6;    // stop when an iteration lowers the stress by less than this share
  uint64_t seed = 0x6d647321;  // fixed, so the same matrix always gives the same map
};

struct MdsEmbedding {
  std::vector<std::array<double, 2>> points;
  // Raw stress Σ_{i<j} (‖x_i − x_j‖ − δ_ij)² of `points`: what scikit-learn's stress_ is for
  // metric MDS (1.2 refuses normalized stress there), though it measures it one update earlier.
  double stress = 0;
};

// `dissimilarities` is n×n row-major, symmetric, non-negative and finite (Error otherwise).
MdsEmbedding metric_mds(const std::vector<double>& dissimilarities, int n,
                        const MdsOptions& options = {});

// The raw stress of a configuration against `dissimilarities` (same layout as above).
double raw_stress(const std::vector<std::array<double, 2>>& points,
                  const std::vector<double>& dissimilarities);

}  // namespace attnscope::analysis
