#include "cli/word_args.hpp"

namespace attnscope::cli {

void add_word_args(CLI::App* command, WordArgs& args) {
  auto* words = command->add_flag(
      "--words", args.words,
      "Word-level attention: to a word = sum over its pieces, from a word = mean over its "
      "pieces (or --from-word first); special tokens dropped");
  command->add_option("--from-word", args.from_word, "With --words: mean (default) or first")
      ->check(CLI::IsMember({"mean", "first"}))
      ->needs(words);
}

}  // namespace attnscope::cli
