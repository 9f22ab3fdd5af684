#pragma once
// Every analysis answers with one table: for each metric, one score per (layer, head). Keeping
// all heads (not a top-5) is the point: printers, writers and figures rank them afterwards.
#include <string>
#include <string_view>
#include <vector>

namespace attnscope::analysis {

struct HeadRef {
  int layer = 0;
  int head = 0;
  double score = 0;
};

class HeadScores {
 public:
  struct Metric {
    std::string name;            // snake_case, as written to JSON and CSV
    std::vector<double> values;  // [layer][head]
  };

  HeadScores() = default;
  HeadScores(int layers, int heads) : layers_(layers), heads_(heads) {}

  int layers() const { return layers_; }
  int heads() const { return heads_; }
  const std::vector<Metric>& metrics() const { return metrics_; }
  bool has(std::string_view name) const;

  // Adds a metric of zeros (or returns the existing one); metrics keep the order they were added.
  std::vector<double>& add(const std::string& name);
  const std::vector<double>& values(std::string_view name) const;  // throws Error if unknown
  // Adds every metric of `other` (same shape) after this table's own.
  void append(const HeadScores& other);
  double at(std::string_view name, int layer, int head) const {
    return values(name)[static_cast<std::size_t>(layer) * heads_ + head];
  }

  // Every head, best (highest score) first; ties keep (layer, head) order.
  std::vector<HeadRef> ranked(std::string_view name) const;

 private:
  int layers_ = 0;
  int heads_ = 0;
  std::vector<Metric> metrics_;
};

// Averages per-document tables (each text counts once, as Clark et al. and TransformerLens do).
class ScoreAverage {
 public:
  void add(const HeadScores& scores);
  int count() const { return count_; }
  HeadScores mean() const;

 private:
  HeadScores sum_;
  int count_ = 0;
};

}  // namespace attnscope::analysis
