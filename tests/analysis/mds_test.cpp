#include "analysis/mds.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "analysis/head_distance.hpp"
#include "core/error.hpp"
#include "golden_attention.hpp"
#include "io/safetensors.hpp"
#include "support/fixtures.hpp"

namespace attnscope::analysis {
namespace {

std::vector<double> euclidean(const std::vector<std::vector<double>>& points) {
  const std::size_t n = points.size();
  std::vector<double> d(n * n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      double sum = 0;
      for (std::size_t c = 0; c < points[i].size(); ++c)
        sum += (points[i][c] - points[j][c]) * (points[i][c] - points[j][c]);
      d[i * n + j] = std::sqrt(sum);
    }
  return d;
}

std::vector<std::vector<double>> random_points(int n, int dims, unsigned seed) {
  std::mt19937 engine(seed);
  std::normal_distribution<double> coordinate(0, 1);
  std::vector<std::vector<double>> points(n, std::vector<double>(dims));
  for (auto& p : points)
    for (double& v : p) v = coordinate(engine);
  return points;
}

// scikit-learn's stress on the same matrix, from tests/analysis/sklearn_mds_stress.py.
double sklearn_stress(const std::vector<double>& d, int n, const std::string& name) {
  const auto dir = test::scratch_dir() / "mds-sklearn";
  std::filesystem::create_directories(dir);
  const auto path = dir / (name + ".txt");
  {
    std::ofstream out(path);
    out.precision(17);
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < n; ++j) out << d[i * n + j] << (j + 1 < n ? ' ' : '\n');
    }
  }
  const std::string command =
      "/usr/bin/python3 '" +
      (test::source_dir() / "tests/analysis/sklearn_mds_stress.py").string() + "' '" +
      path.string() + "'";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command);
  char buffer[128] = {};
  const bool read = std::fgets(buffer, sizeof buffer, pipe) != nullptr;
  const int status = pclose(pipe);
  if (!read || status != 0)
    throw std::runtime_error(command + " failed; install python3-sklearn (scripts/install-deps)");
  return std::stod(buffer);
}

void expect_at_most_sklearn(const std::vector<double>& d, int n, const std::string& name) {
  const MdsEmbedding ours = metric_mds(d, n);
  const double theirs = sklearn_stress(d, n, name);
  EXPECT_GT(theirs, 0) << name;
  EXPECT_LE(ours.stress, 1.05 * theirs) << name;
  EXPECT_NEAR(ours.stress, raw_stress(ours.points, d), 1e-9 * ours.stress) << name;
  std::printf("%s: attnscope stress %.6g, scikit-learn %.6g\n", name.c_str(), ours.stress, theirs);
}

TEST(Mds, RawStressByHand) {
  // Points (0,0), (3,0), (0,4): distances 3, 4, 5 against dissimilarities 3, 5, 5 → stress 1.
  const std::vector<std::array<double, 2>> points = {{0, 0}, {3, 0}, {0, 4}};
  EXPECT_DOUBLE_EQ(raw_stress(points, {0, 3, 5, 3, 0, 5, 5, 5, 0}), 1.0);
}

TEST(Mds, RecoversAPlanarConfigurationUpToRotation) {
  const auto points = random_points(15, 2, 7);
  const auto d = euclidean(points);
  const MdsEmbedding map = metric_mds(d, 15);
  double total = 0;
  for (double v : d) total += v * v / 2;
  EXPECT_LT(map.stress, 1e-6 * total);
  // Every pairwise distance comes back, which fixes the map up to rotation and reflection.
  for (int i = 0; i < 15; ++i)
    for (int j = 0; j < 15; ++j) {
      const double got =
          std::hypot(map.points[i][0] - map.points[j][0], map.points[i][1] - map.points[j][1]);
      EXPECT_NEAR(got, d[i * 15 + j], 1e-3) << i << " " << j;
    }
}

TEST(Mds, SameMatrixSameMap) {
  const auto d = euclidean(random_points(10, 4, 1));
  const MdsEmbedding a = metric_mds(d, 10), b = metric_mds(d, 10);
  EXPECT_EQ(a.points, b.points);
  EXPECT_EQ(a.stress, b.stress);
}

TEST(Mds, MoreStartsNeverRaiseTheStress) {
  const auto d = euclidean(random_points(20, 6, 2));
  MdsOptions one;
  one.inits = 1;
  EXPECT_LE(metric_mds(d, 20).stress, metric_mds(d, 20, one).stress);
}

TEST(Mds, RefusesMatricesItCannotEmbed) {
  EXPECT_THROW(metric_mds({0, 1, 1}, 2), Error);         // not n×n
  EXPECT_THROW(metric_mds({0, 1, 2, 0}, 2), Error);      // not symmetric
  EXPECT_THROW(metric_mds({0, -1, -1, 0}, 2), Error);    // negative
  EXPECT_THROW(metric_mds({0, NAN, NAN, 0}, 2), Error);  // not finite
  EXPECT_EQ(metric_mds({0}, 1).points.size(), 1u);       // one point is fine
}

TEST(MdsAgainstSklearn, NoisyDistancesOfFiveDimensionalPoints) {
  const int n = 50;
  auto d = euclidean(random_points(n, 5, 3));
  std::mt19937 engine(4);
  std::uniform_real_distribution<double> noise(0.9, 1.1);
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) d[i * n + j] = d[j * n + i] = d[i * n + j] * noise(engine);
  expect_at_most_sklearn(d, n, "points5d");
}

TEST(MdsAgainstSklearn, HeadDistancesOfTheTinyBertGoldenTexts) {
  const auto store = io::read_safetensors(test::golden_dir() / "golden_tiny.safetensors");
  HeadDistanceAccumulator accumulator;
  const auto manifest = test::golden_manifest();
  for (const auto& entry : manifest["entries"]["tiny"])
    if (entry["model"] == "bert") accumulator.add_document(test::golden_attention(store, entry));
  CorpusState state;
  accumulator.save(state);
  const auto& js = state.get("distance.js");
  const int n = static_cast<int>(js.shape[0] * js.shape[1]);
  EXPECT_EQ(n, 12);
  expect_at_most_sklearn(js.values, n, "tiny_bert_js");
}

TEST(MdsAgainstSklearn, HeadDistancesOfBertBaseShapedAttention) {
  // 144 heads of softmax rows with head-specific sharpness, so heads differ by more than noise.
  const int n = 20, heads = 144;
  Attention a;
  a.layers = 12;
  a.heads = 12;
  a.tokens.resize(n);
  a.probs.resize(static_cast<std::size_t>(heads) * n * n);
  std::mt19937 engine(9);
  std::normal_distribution<float> logit(0.0f, 1.0f);
  HeadDistanceAccumulator accumulator;
  for (int doc = 0; doc < 3; ++doc) {
    for (int h = 0; h < heads; ++h) {
      const float sharpness = 0.5f + 3.0f * static_cast<float>(h % 12) / 11;
      for (int i = 0; i < n; ++i) {
        float* row = a.probs.data() + (static_cast<std::size_t>(h) * n + i) * n;
        float sum = 0;
        for (int j = 0; j < n; ++j) sum += row[j] = std::exp(sharpness * logit(engine));
        for (int j = 0; j < n; ++j) row[j] /= sum;
      }
    }
    accumulator.add_document(a);
  }
  CorpusState state;
  accumulator.save(state);
  expect_at_most_sklearn(state.get("distance.js").values, heads, "bert_base_js");
}

}  // namespace
}  // namespace attnscope::analysis
