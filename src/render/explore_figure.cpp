#include "render/explore_figure.hpp"

#include <algorithm>
#include <cstdio>

#include "analysis/seed_explorer.hpp"
#include "analysis/seed_patterns.hpp"
#include "render/token_view.hpp"

namespace attnscope::render {

namespace {

constexpr double kSinkShare = 0.5;  // first-token attention above this: an attention sink
constexpr int kShown = 5;           // heads listed per pattern, as the notebook's [:5]
constexpr int kRanked = 10;

std::string line(const char* format, int layer, int head, double value) {
  char buf[128];
  std::snprintf(buf, sizeof buf, format, layer, head, value);
  return buf;
}

// Heads above `threshold` on `metric`, strongest first, as "  Layer l, Head h: ..." lines.
std::string flagged(const analysis::HeadScores& scores, const char* metric, double threshold,
                    const char* label, const char* format) {
  auto ranked = scores.ranked(metric);
  std::vector<analysis::HeadRef> over;
  for (const auto& r : ranked)
    if (r.score > threshold) over.push_back(r);
  std::string out = "  " + std::string(label) + ": " + std::to_string(over.size()) + " heads\n";
  for (int i = 0; i < std::min<int>(kShown, static_cast<int>(over.size())); ++i)
    out += line(format, over[i].layer, over[i].head, over[i].score);
  return out;
}

}  // namespace

Exploration explore_heads(const Attention& attention, const std::string& text) {
  const int n = attention.n();
  analysis::HeadScores checks = analysis::seed_explorer(attention);
  analysis::HeadScores patterns = analysis::seed_patterns(attention);
  analysis::ExplorerThresholds t;

  std::string rule(70, '=');
  std::string tokens;
  for (int i = 0; i < n; ++i) {
    if (i) tokens += ", ";
    tokens += '\'';
    tokens += token_label(attention.tokens[i]);
    tokens += '\'';
  }
  std::string out = rule + "\nAttention Explorer - " + attention.model_name + "\n" + rule +
                    "\nText: " + text + "\nTokens: [" + tokens +
                    "]\nLayers: " + std::to_string(attention.layers) +
                    ", Heads per layer: " + std::to_string(attention.heads) + "\n" + rule + "\n\n";
  const int from = analysis::seed_explorer_first_row(attention);
  out += "Notable heads (the notebook's tests, on every head):\n";
  if (from > 0)
    out += "  (row 0 left out of the sums: a causal model's first token attends only to itself)\n";
  out += flagged(checks, "diagonal", t.diagonal, "LOCAL (diagonal sum > 0.5)",
                 "    Layer %d, Head %d: diagonal=%.2f\n");
  out +=
      "    (the notebook's sum over rows: a far lower bar than `attnscope patterns`' locality, "
      "the mean share within 2 tokens > 0.7, so the two count different heads)\n";
  out += flagged(
      checks, "first_column", t.first_column_share * (n - from),
      from > 0 ? "START (first-column sum > 0.3 (n - 1))" : "CLS/START (first-column sum > 0.3 n)",
      "    Layer %d, Head %d: first_col=%.2f\n");
  out += flagged(checks, "last_row_entropy", t.last_row_entropy, "GLOBAL (last-row entropy > 2.0)",
                 "    Layer %d, Head %d: entropy=%.2f\n");

  // Rank by focus: lowest normalised entropy first, sinks last.
  struct Candidate {
    int layer, head;
    double entropy, first;
  };
  std::vector<Candidate> all;
  for (int l = 0; l < attention.layers; ++l)
    for (int h = 0; h < attention.heads; ++h)
      all.push_back(
          {l, h, patterns.at("entropy_normalized", l, h), patterns.at("first_token", l, h)});
  std::stable_sort(all.begin(), all.end(), [](const Candidate& a, const Candidate& b) {
    bool sink_a = a.first > kSinkShare, sink_b = b.first > kSinkShare;
    if (sink_a != sink_b) return !sink_a;
    return a.entropy < b.entropy;
  });
  out += "\nMost focused heads (entropy / ln n, lowest first; first-token sinks last):\n";
  for (int i = 0; i < std::min<int>(kRanked, static_cast<int>(all.size())); ++i) {
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "  %2d. Layer %d, Head %d: entropy/ln n=%.3f, first-token=%.3f, diagonal=%.2f\n",
                  i + 1, all[i].layer, all[i].head, all[i].entropy, all[i].first,
                  checks.at("diagonal", all[i].layer, all[i].head));
    out += buf;
  }
  out += "\n" + rule + "\n";

  Exploration e;
  e.layer = all.front().layer;
  e.head = all.front().head;
  char why[200];
  std::snprintf(why, sizeof why,
                "the most focused head that is not a first-token sink (entropy/ln n = %.3f)",
                all.front().entropy);
  e.why = why;
  if (all.front().first > kSinkShare)
    e.why = "every head is a first-token sink; this one is the most focused";
  e.report = out + "Showing Layer " + std::to_string(e.layer) + ", Head " + std::to_string(e.head) +
             ": " + e.why + "\n";
  return e;
}

Scene explore_figure(const Attention& attention, const Exploration& chosen,
                     const FigureOptions& options) {
  return head_figure(attention, chosen.layer, chosen.head, options);
}

}  // namespace attnscope::render
