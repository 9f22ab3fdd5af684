#pragma once
// Word-level attention (Clark et al. 2019): tokenizers split words into pieces, so a head's
// token×token matrix is merged into a word×word one. Attention *to* a word is the sum over its
// pieces (what a query gives the whole word); attention *from* a word is the mean over its
// pieces' rows (or the first piece's row), so each word's row still sums to at most 1. Special
// tokens belong to no word and drop out.
#include <string_view>
#include <vector>

#include "analysis/head_matrix.hpp"
#include "analysis/word_spans.hpp"
#include "attention/attention.hpp"

namespace attnscope::analysis {

enum class FromWord { Mean, First };

struct WordAlignment {
  int tokens = 0;                        // the token count it was made for
  std::vector<std::vector<int>> pieces;  // per word, its token positions, ascending

  int words() const { return static_cast<int>(pieces.size()); }
  // Every word has a piece. An incomplete alignment still merges: a word without pieces gets a
  // row and a column of zeros.
  bool complete() const;
};

// A token belongs to the word whose span holds its start, taken as its first non-whitespace
// character (GPT-2's "Ġcat" starts at the space before "cat"); words that share a span (a
// multiword token whose forms do not spell its surface) share its pieces. Special tokens,
// whitespace-only tokens and tokens outside every word belong to no word.
WordAlignment align_pieces(const std::vector<Token>& tokens, std::string_view text,
                           const std::vector<WordSpan>& words);

// One head's word×word matrix, row-major, into `out` (alignment.words()² floats). Throws Error
// when the alignment was made for another token count.
void merge_to_words(HeadMatrix a, const WordAlignment& alignment, FromWord from, float* out);

// Every head of `attention` at word level: an Attention whose tokens are the words (piece and
// display = form, start/end = span, id = the first piece's id or -1, never special).
Attention word_attention(const Attention& attention, const WordAlignment& alignment,
                         const std::vector<WordSpan>& words, FromWord from);

}  // namespace attnscope::analysis
