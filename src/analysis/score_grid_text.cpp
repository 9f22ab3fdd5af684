#include "analysis/score_grid_text.hpp"

#include <cstdio>
#include <vector>

namespace attnscope::analysis {

void print_score_grid(std::ostream& out, const HeadScores& scores, const std::string& metric,
                      const std::string& title, const MarkRule& rule) {
  const auto marked = mark_heads(scores, metric, rule);
  std::vector<char> best(static_cast<std::size_t>(scores.layers()) * scores.heads(), ' ');
  for (const auto& head : marked.heads)
    best[static_cast<std::size_t>(head.layer) * scores.heads() + head.head] = '*';

  char cell[32];
  out << title << (marked.heads.empty() ? " (" : " (* = ") << marked.legend << ")\n       ";
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
