#pragma once
// The mergeable part of a corpus analysis: named float64 arrays of sums and counts. Shards of one
// run combine by adding arrays of the same name element by element, so every corpus accumulator
// keeps only additive quantities (sums of per-document values, hit counts, document counts) and
// derives means and accuracies from them at the end. Integers up to 2^53 stay exact in float64,
// so merged counts (and the accuracies made from them) equal a single run's.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace attnscope::analysis {

struct StateArray {
  std::string name;            // "stats.self", "probe.hits.det", ...
  std::vector<int64_t> shape;  // row-major
  std::vector<double> values;
};

class CorpusState {
 public:
  // Adds `values` to the array `name`, creating it (zeros) on first use; a different shape for
  // an existing name is an Error.
  void add(const std::string& name, const std::vector<int64_t>& shape,
           const std::vector<double>& values);
  // Every array of `other` added into this one (the shard merge).
  void merge(const CorpusState& other);

  bool has(std::string_view name) const;
  const StateArray& get(std::string_view name) const;  // throws Error naming the array if absent
  const std::vector<StateArray>& arrays() const { return arrays_; }

 private:
  StateArray* find(std::string_view name);
  std::vector<StateArray> arrays_;  // in the order first added
};

}  // namespace attnscope::analysis
