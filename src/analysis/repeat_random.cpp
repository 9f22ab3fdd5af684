#include "analysis/repeat_random.hpp"

#include <random>
#include <string>

#include "analysis/score_heads.hpp"
#include "core/error.hpp"

namespace attnscope::analysis {

namespace {
// Uniform in [0, range) without modulo bias: rejects the top sliver of the 64-bit output.
uint64_t uniform_below(std::mt19937_64& engine, uint64_t range) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % range;
  uint64_t x;
  do x = engine();
  while (x >= limit);
  return x % range;
}
}  // namespace

std::vector<std::vector<int32_t>> draw_repeat_random(const RepeatRandomSpec& spec) {
  if (spec.length < 1 || spec.batch < 1)
    throw UsageError("--repeat-random and --batch must be at least 1");
  if (spec.high <= spec.low)
    throw UsageError("empty token id range " + std::to_string(spec.low) + ":" +
                     std::to_string(spec.high) + "; give --vocab-range LO:HI with LO < HI");
  std::mt19937_64 engine(spec.seed);
  std::vector<std::vector<int32_t>> sequences(spec.batch);
  for (auto& ids : sequences) {
    ids.resize(2 * static_cast<std::size_t>(spec.length));
    for (int k = 0; k < spec.length; ++k)
      ids[k] = ids[k + spec.length] =
          spec.low + static_cast<int32_t>(uniform_below(engine, spec.high - spec.low));
  }
  return sequences;
}

HeadScores repeat_random_scores(const Attention& attention, int length, int first) {
  if (first < 0 || length < 1 || first + 2 * length > attention.n())
    throw Error("the input does not hold a repeated sequence of " + std::to_string(length) +
                " tokens starting at position " + std::to_string(first));
  const int stripe_offset = -(length - 1);
  return score_heads(attention, {{"induction",
                                  [&](HeadMatrix a) {
                                    double sum = 0;
                                    for (int i = first + length; i < first + 2 * length; ++i)
                                      sum += a(i, i + stripe_offset);
                                    return sum / length;
                                  }},
                                 {"previous_token", [](HeadMatrix a) {
                                    return a.n > 1 ? diagonal_sum(a, -1) / (a.n - 1) : 0.0;
                                  }}});
}

int repeated_block_start(const Attention& attention, int length) {
  const int n = attention.n();
  for (int first = 0; first + 2 * length <= n; ++first) {
    bool repeated = true;
    for (int k = 0; k < length && repeated; ++k)
      repeated = attention.tokens[first + k].id == attention.tokens[first + length + k].id;
    if (repeated) return first;
  }
  throw Error("a sequence holds no block of " + std::to_string(length) +
              " ids repeated right after itself; the repeat length must match the input");
}

}  // namespace attnscope::analysis
