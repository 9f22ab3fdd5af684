#include "analysis/head_distance.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "analysis/mixture_entropy.hpp"
#include "core/error.hpp"
#include "hand_attention.hpp"

namespace attnscope::analysis {
namespace {

// Row-stochastic attention with softmax-like rows (a few large weights, a long tail).
Attention random_attention(int n, int layers, int heads, unsigned seed) {
  std::vector<std::string> pieces(n, "w");
  std::vector<float> probs(static_cast<std::size_t>(layers) * heads * n * n);
  std::mt19937 engine(seed);
  std::normal_distribution<float> logit(0.0f, 2.0f);
  for (std::size_t row = 0; row < probs.size(); row += n) {
    float sum = 0;
    for (int j = 0; j < n; ++j) sum += probs[row + j] = std::exp(logit(engine));
    for (int j = 0; j < n; ++j) probs[row + j] /= sum;
  }
  return test::hand_attention(pieces, layers, heads, probs);
}

HeadDistance distance_of(const std::vector<Attention>& documents) {
  HeadDistanceAccumulator accumulator;
  for (const auto& document : documents) accumulator.add_document(document);
  CorpusState state;
  accumulator.save(state);
  return head_distance(state);
}

// Clark et al.'s head_distances.py in double precision, cell by cell.
double reference_js(const Attention& a, int head_a, int head_b) {
  const int n = a.n();
  const float* p = a.probs.data() + static_cast<std::size_t>(head_a) * n * n;
  const float* q = a.probs.data() + static_cast<std::size_t>(head_b) * n * n;
  double js = 0;
  for (int k = 0; k < n * n; ++k) {
    const double ps = 0.999 * p[k] + 0.001 / n, qs = 0.999 * q[k] + 0.001 / n;
    const double m = (ps + qs) / 2;
    js += (ps * std::log(ps / m) + qs * std::log(qs / m)) / 2;
  }
  return js;
}

TEST(HeadDistance, TwoByTwoOppositeHeadsByHand) {
  // Head 0 attends to itself, head 1 to the other token. Smoothed, the rows are
  // (0.9995, 0.0005) and (0.0005, 0.9995), so every mixture cell is m = 0.5 and each row gives
  // ½·2·(0.9995 ln(0.9995/0.5) + 0.0005 ln(0.0005/0.5)) = 0.9995 ln 1.999 + 0.0005 ln 0.001
  // = 0.6923011 − 0.0034539 = 0.6888469; two rows: 1.3776937.
  const Attention a = test::hand_attention({"a", "b"}, 1, 2, {1, 0, 0, 1, /**/ 0, 1, 1, 0});
  const HeadDistance d = distance_of({a});
  ASSERT_EQ(d.js.size(), 4u);
  const double row = 0.9995 * std::log(1.999) + 0.0005 * std::log(0.001);
  EXPECT_NEAR(row, 0.6888469, 1e-7);
  EXPECT_NEAR(d.js[1], 2 * row, 2e-6);
  EXPECT_NEAR(d.js[2], 2 * row, 2e-6);
  EXPECT_EQ(d.js[0], 0);
  EXPECT_EQ(d.js[3], 0);
  EXPECT_EQ(d.docs, 1);
}

TEST(HeadDistance, ThreeByThreeIdentityAgainstUniformByHand) {
  // Layer 0's head attends to itself, layer 1's uniformly. Smoothed, a row of the first is
  // (0.9993333, 0.0003333, 0.0003333) and every cell of the second 1/3; the mixture row is
  // (0.6663333, 0.1668333, 0.1668333). One row's divergence:
  // ½[0.9993333 ln(0.9993333/0.6663333) + 2·0.0003333 ln(0.0003333/0.1668333)
  //   + 1/3 ln(0.3333333/0.6663333) + 2/3 ln(0.3333333/0.1668333)] = 0.3157169;
  // all three rows alike: 0.9471508. Summed over two identical documents: 1.8943015.
  const float t = 1.0f / 3;
  const Attention a = test::hand_attention(
      {"x", "y", "z"}, 2, 1, {1, 0, 0, 0, 1, 0, 0, 0, 1, /**/ t, t, t, t, t, t, t, t, t});
  const double big = 0.999 + 0.001 / 3, small = 0.001 / 3;
  const double m_big = (big + 1.0 / 3) / 2, m_small = (small + 1.0 / 3) / 2;
  const double row = (big * std::log(big / m_big) + 2 * small * std::log(small / m_small) +
                      std::log((1.0 / 3) / m_big) / 3 + 2 * std::log((1.0 / 3) / m_small) / 3) /
                     2;
  EXPECT_NEAR(row, 0.3157169, 1e-7);
  const HeadDistance d = distance_of({a, a});
  EXPECT_EQ(d.layers, 2);
  EXPECT_EQ(d.heads, 1);
  EXPECT_NEAR(d.js[1], 2 * 3 * row, 4e-6);
  EXPECT_NEAR(d.js[2], 2 * 3 * row, 4e-6);
}

TEST(HeadDistance, MatchesClarksFormulaSymmetricWithZeroDiagonal) {
  const Attention a = random_attention(17, 2, 3, 5);
  const HeadDistance d = distance_of({a});
  const int count = 6;
  for (int i = 0; i < count; ++i) {
    EXPECT_EQ(d.js[i * count + i], 0) << i;
    for (int j = 0; j < count; ++j) {
      EXPECT_EQ(d.js[i * count + j], d.js[j * count + i]);
      if (i != j) {
        const double expected = reference_js(a, i, j);
        EXPECT_GT(expected, 1);  // distinct random heads are far apart
        EXPECT_NEAR(d.js[i * count + j], expected, 1e-6 * expected) << i << " " << j;
      }
    }
  }
}

TEST(HeadDistance, SumsOverDocumentsOfDifferentLengths) {
  const Attention short_doc = random_attention(5, 1, 2, 1),
                  long_doc = random_attention(40, 1, 2, 2);
  const HeadDistance d = distance_of({short_doc, long_doc});
  EXPECT_EQ(d.docs, 2);
  const double expected = reference_js(short_doc, 0, 1) + reference_js(long_doc, 0, 1);
  EXPECT_NEAR(d.js[1], expected, 1e-6 * expected);
}

TEST(HeadDistance, MergedHalvesEqualTheWhole) {
  std::vector<Attention> docs;
  for (unsigned s = 0; s < 4; ++s) docs.push_back(random_attention(6 + 3 * s, 2, 2, 10 + s));
  HeadDistanceAccumulator whole, first, second;
  for (int i = 0; i < 4; ++i) {
    whole.add_document(docs[i]);
    (i < 2 ? first : second).add_document(docs[i]);
  }
  CorpusState whole_state, merged, other;
  whole.save(whole_state);
  first.save(merged);
  second.save(other);
  merged.merge(other);
  const auto& expected = whole_state.get("distance.js");
  const auto& got = merged.get("distance.js");
  EXPECT_EQ(got.shape, (std::vector<int64_t>{2, 2, 2, 2}));
  ASSERT_EQ(got.values.size(), expected.values.size());
  for (std::size_t k = 0; k < got.values.size(); ++k)
    EXPECT_NEAR(got.values[k], expected.values[k], 1e-12 * (1 + expected.values[k]));
  EXPECT_EQ(merged.get("distance.docs").values, (std::vector<double>{4}));
  const HeadDistance a = head_distance(whole_state), b = head_distance(merged);
  EXPECT_NEAR(a.map.stress, b.map.stress, 1e-9 * (1 + a.map.stress));
}

TEST(HeadDistance, RefusesDocumentsOfAnotherModel) {
  HeadDistanceAccumulator accumulator;
  accumulator.add_document(random_attention(4, 2, 2, 1));
  EXPECT_THROW(accumulator.add_document(random_attention(4, 3, 2, 1)), Error);
}

TEST(HeadDistance, StateWithoutDocumentsIsAnError) {
  CorpusState state;
  EXPECT_THROW(head_distance(state), Error);
  HeadDistanceAccumulator().save(state);
  EXPECT_THROW(head_distance(state), Error);
}

TEST(HeadDistance, ShardWithoutDocumentsMergesWithAnyOther) {
  HeadDistanceAccumulator full, empty;
  full.add_document(random_attention(6, 2, 2, 3));
  CorpusState merged, other;
  full.save(merged);
  empty.save(other);
  EXPECT_TRUE(other.arrays().empty());
  merged.merge(other);
  other.merge(merged);
  EXPECT_EQ(head_distance(other).js, head_distance(merged).js);
}

TEST(HeadDistance, JsonListsHeadsInMatrixOrder) {
  const HeadDistance d = distance_of({random_attention(8, 2, 3, 4)});
  const auto json = distance_json(d);
  ASSERT_EQ(json["heads"].size(), 6u);
  EXPECT_EQ(json["heads"][4], (nlohmann::json{1, 1}));
  ASSERT_EQ(json["js"].size(), 6u);
  EXPECT_EQ(json["js"][1][4].get<double>(), d.js[1 * 6 + 4]);
  EXPECT_EQ(json["js"][4][1].get<double>(), d.js[1 * 6 + 4]);
  ASSERT_EQ(json["mds"].size(), 6u);
  EXPECT_EQ(json["mds"][5][1].get<double>(), d.map.points[5][1]);
  EXPECT_EQ(json["stress"].get<double>(), d.map.stress);
  EXPECT_EQ(json["documents"].get<double>(), 1);
}

TEST(MixtureEntropy, VectorisedLogIsAccurateOverTheWholeRange) {
  // Mixtures from 1e-7 to 1 (attention with its smoothing spans this), in an odd count so the
  // vector loop's remainder runs too.
  std::vector<float> a(1001), b(1001);
  std::mt19937 engine(3);
  std::uniform_real_distribution<float> exponent(-7, 0);
  for (std::size_t k = 0; k < a.size(); ++k) {
    a[k] = std::pow(10.0f, exponent(engine));
    b[k] = std::pow(10.0f, exponent(engine));
  }
  double expected = 0, magnitude = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    const double m = 0.25 * (double(a[k]) + b[k]) + 1e-8;
    expected += m * std::log(m);
    magnitude += std::abs(m * std::log(m));
  }
  const double got = mixture_m_log_m(a.data(), b.data(), a.size(), 0.25f, 1e-8f);
  EXPECT_NEAR(got, expected, 1e-6 * magnitude);
  // One term at a time, across powers of two and values near 1 where ln m is tiny.
  for (float m : {1e-7f, 3.3e-5f, 0.125f, 0.7071f, 0.70711f, 0.999f, 1.0f}) {
    const float half = m / 2;
    const double exact = double(m) * std::log(double(m));
    EXPECT_NEAR(mixture_m_log_m(&half, &half, 1, 1.0f, 0.0f), exact, 3e-7 * std::abs(exact) + 1e-15)
        << m;
  }
}

}  // namespace
}  // namespace attnscope::analysis
