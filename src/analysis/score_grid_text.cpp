#include "analysis/score_grid_text.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace attnscope::analysis {

int marked_heads(const HeadScores& scores) {
  return std::clamp(scores.layers() * scores.heads() / 8, 1, 5);
}

void print_score_grid(std::ostream& out, const HeadScores& scores, const std::string& metric,
                      const std::string& title, int marked) {
  if (marked < 0) marked = marked_heads(scores);
  const auto ranked = scores.ranked(metric);
  std::vector<char> best(ranked.size(), ' ');
  for (int k = 0; k < std::min<int>(marked, static_cast<int>(ranked.size())); ++k)
    best[static_cast<std::size_t>(ranked[k].layer) * scores.heads() + ranked[k].head] = '*';

  char cell[32];
  out << title << " (* = top " << std::min<int>(marked, static_cast<int>(ranked.size()))
      << ")\n       ";
  for (int head = 0; head < scores.heads(); ++head) {
    char name[16];
    std::snprintf(name, sizeof name, "H%d", head);
    std::snprintf(cell, sizeof cell, " %7s ", name);
    out << cell;
  }
  out << '\n';
  const auto& values = scores.values(metric);
  for (int layer = 0; layer < scores.layers(); ++layer) {
    std::snprintf(cell, sizeof cell, "  L%-4d", layer);
    out << cell;
    for (int head = 0; head < scores.heads(); ++head) {
      const std::size_t index = static_cast<std::size_t>(layer) * scores.heads() + head;
      std::snprintf(cell, sizeof cell, " %7.3f%c", values[index], best[index]);
      out << cell;
    }
    out << '\n';
  }
}

}  // namespace attnscope::analysis
