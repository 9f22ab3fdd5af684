#include "analysis/clark_metrics.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <numbers>

#include "analysis/score_heads.hpp"

namespace attnscope::analysis {

namespace {

// ln x for a positive normal x, written so that the compiler vectorizes it (std::log stays a
// scalar call without -ffast-math, and corpus statistics take n² of them per head): x = m·2^k
// with m in [√½, √2), then ln m = 2·atanh(s), s = (m − 1)/(m + 1), |s| < 0.172, by its series to
// s¹³. Relative error below 2e-12.
inline double ln_positive(double x) {
  constexpr uint64_t kSqrtHalfBits = 0x3FE6A09E667F3BCDull;
  const uint64_t bits = std::bit_cast<uint64_t>(x);
  // The exponent of x/√½, rounded down: the borrow from the mantissa does the rounding.
  const int64_t k = static_cast<int64_t>(bits - kSqrtHalfBits) >> 52;
  const double m = std::bit_cast<double>(bits - (static_cast<uint64_t>(k) << 52));
  const double s = (m - 1) / (m + 1), z = s * s;
  const double series =
      1 + z * (1.0 / 3 + z * (1.0 / 5 + z * (1.0 / 7 + z * (1.0 / 9 + z * (1.0 / 11 + z / 13)))));
  return static_cast<double>(k) * std::numbers::ln2 + 2 * s * series;
}

}  // namespace

double smoothed_row_entropy(const float* row, int n) {
  const double uniform = 1e-4 / n;
  auto term = [uniform](float a) {
    const double p = 0.9999 * a + uniform;
    return p * ln_positive(p);
  };
  // Eight running sums, so that the lanes of a vector register add independently.
  constexpr int kLanes = 8;
  double lanes[kLanes] = {};
  int j = 0;
  for (; j + kLanes <= n; j += kLanes)
    for (int k = 0; k < kLanes; ++k) lanes[k] -= term(row[j + k]);
  double sum = 0;
  for (; j < n; ++j) sum -= term(row[j]);
  for (double lane : lanes) sum += lane;
  return sum;
}

double smoothed_entropy(HeadMatrix a) {
  double sum = 0;
  for (int i = 0; i < a.n; ++i) sum += smoothed_row_entropy(a.row(i), a.n);
  return sum / a.n;
}

std::vector<int> positions_of(const std::vector<Token>& tokens,
                              const std::vector<std::string>& pieces) {
  std::vector<int> positions;
  for (int i = 0; i < static_cast<int>(tokens.size()); ++i)
    if (std::find(pieces.begin(), pieces.end(), tokens[i].piece) != pieces.end())
      positions.push_back(i);
  return positions;
}

HeadScores clark_metrics(const Attention& attention) {
  const bool causal = attention.causal();
  const auto cls = causal ? std::vector<int>{0} : positions_of(attention.tokens, {"[CLS]"});
  const auto sep = positions_of(attention.tokens, {"[SEP]"});
  const auto punct = positions_of(attention.tokens, {".", ","});
  const std::vector<int> last = {attention.n() - 1};
  auto attention_to = [](const std::vector<int>& keys) {
    return [&keys](HeadMatrix a) { return key_set_sum(a, keys) / a.n; };
  };
  auto diagonal = [](int offset) {
    return [offset](HeadMatrix a) { return diagonal_sum(a, offset) / a.n; };
  };
  std::vector<NamedMetric> metrics = {{"self", diagonal(0)},
                                      {"next_token", diagonal(1)},
                                      {"previous_token", diagonal(-1)},
                                      {"cls", attention_to(cls)},
                                      {"sep", attention_to(sep)},
                                      {"last_token", attention_to(last)},
                                      {"clark_punct", attention_to(punct)},
                                      {"entropy_smoothed", smoothed_entropy}};
  if (causal)
    std::erase_if(metrics,
                  [](const NamedMetric& m) { return m.name == "next_token" || m.name == "sep"; });
  return score_heads(attention, metrics);
}

std::string clark_label(const ClarkLabelInputs& head) {
  struct Rule {
    std::optional<double> ClarkLabelInputs::*metric;
    double threshold;
    const char* label;
  };
  static constexpr Rule rules[] = {
      {&ClarkLabelInputs::next, 0.5, "next"},     {&ClarkLabelInputs::previous, 0.5, "previous"},
      {&ClarkLabelInputs::entropy, 3.8, "broad"}, {&ClarkLabelInputs::cls, 0.6, "[CLS]"},
      {&ClarkLabelInputs::sep, 0.6, "[SEP]"},     {&ClarkLabelInputs::punct, 0.6, "punct"}};
  std::string label;
  for (const auto& rule : rules)
    if (const auto& value = head.*rule.metric; value && *value > rule.threshold) label = rule.label;
  return label;
}

std::string clark_label(const HeadScores& scores, int layer, int head) {
  auto present = [&](const char* metric) -> std::optional<double> {
    if (!scores.has(metric)) return std::nullopt;
    return scores.at(metric, layer, head);
  };
  return clark_label({present("next_token"), present("previous_token"), present("entropy_smoothed"),
                      present("cls"), present("sep"), present("clark_punct")});
}

}  // namespace attnscope::analysis
