#pragma once
// The explorer page, composed from the embedded template (assets/index.html): served with its
// scripts linked from /assets/, or as one self-contained file with everything inlined and the
// results embedded, which opens from disk with no server and no network.
#include <string>
#include <vector>

#include "attention/attention.hpp"

namespace attnscope::web {

// The page `attnscope serve` answers at "/": it asks the API for models and results.
std::string served_page();

struct ExplorerPageOptions {
  std::string title = "attnscope explorer";
  // The text each attention was computed from, shown above the views; texts[i] belongs to
  // attentions[i]. Missing entries are rebuilt from the tokens' display forms.
  std::vector<std::string> texts;
  // The view the page opens on: "head", "model", "heatmap", "flow", "scores" or "compare".
  std::string view = "heatmap";
  // float16 in compressed chunks instead of float32: a 300-token page of BERT-base and GPT-2
  // shrinks about tenfold; each weight within 0.00025, which the page states.
  bool compact = false;
};

// One self-contained HTML file showing every attention (several models on one text can be
// compared side by side). Used by `attnscope html` and linked from `attnscope report`.
std::string render_explorer_html(const std::vector<Attention>& attentions,
                                 const ExplorerPageOptions& options = {});

}  // namespace attnscope::web
