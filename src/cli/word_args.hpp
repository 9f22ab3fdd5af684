#pragma once
// --words and --from-word, shared by head, layer and extract: word-level attention instead of (or,
// for extract, besides) the token-level one.
#include <CLI/CLI.hpp>
#include <string>

#include "analysis/word_level.hpp"

namespace attnscope::cli {

struct WordArgs {
  bool words = false;
  std::string from_word = "mean";
  analysis::FromWord from() const { return *analysis::parse_from_word(from_word); }
};

void add_word_args(CLI::App* command, WordArgs& args);

}  // namespace attnscope::cli
