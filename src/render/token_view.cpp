#include "render/token_view.hpp"

#include "core/error.hpp"
#include "tokenize/token_labels.hpp"

namespace attnscope::render {

std::string token_label(const Token& token) {
  if (!token.label.empty()) return token.label;
  return readable_label(token.display.empty() ? token.piece : token.display);
}

TokenView view_tokens(const Attention& attention, bool hide_special) {
  TokenView view;
  for (int i = 0; i < attention.n(); ++i) {
    const Token& t = attention.tokens[i];
    if (hide_special && t.special) continue;
    view.index.push_back(i);
    view.labels.push_back(token_label(t));
  }
  if (view.index.empty())
    throw UsageError(hide_special ? "--no-special leaves no tokens to show; drop --no-special"
                                  : "the text has no tokens to show; give a non-empty --text");
  return view;
}

Matrix head_matrix(const Attention& attention, int layer, int head, const TokenView& view) {
  Matrix m{view.size(), view.size(), {}};
  m.values.reserve(static_cast<std::size_t>(m.rows) * m.cols);
  for (int q : view.index)
    for (int k : view.index) m.values.push_back(attention.at(layer, head, q, k));
  if (attention.causal()) {
    m.masked.reserve(m.values.size());
    for (int q : view.index)
      for (int k : view.index) m.masked.push_back(k > q);
  }
  return m;
}

Matrix view_matrix(const std::vector<double>& full, int n, const TokenView& view,
                   bool mask_future) {
  Matrix m{view.size(), view.size(), {}};
  m.values.reserve(static_cast<std::size_t>(m.rows) * m.cols);
  for (int q : view.index)
    for (int k : view.index) {
      m.values.push_back(static_cast<float>(full[static_cast<std::size_t>(q) * n + k]));
      if (mask_future) m.masked.push_back(k > q);
    }
  return m;
}

}  // namespace attnscope::render
