#pragma once
// A streaming reader of CoNLL-U treebanks (Universal Dependencies), one sentence at a time, so a
// treebank of any size is read in memory bounded by its longest sentence. Each sentence is checked
// as UD requires of a dependency tree before it is handed out: 10 tab-separated columns, word ids
// 1, 2, 3... in order, multiword-token ranges over the words that follow them, heads inside the
// sentence, exactly one root, no cycles, and a `# text = ` comment holding the raw sentence.
// Malformed input throws Error "file:line: what is wrong".
#include <filesystem>
#include <fstream>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace attnscope::io {

// One syntactic word (an integer id); empty nodes ("8.1") are skipped by the reader.
struct ConlluWord {
  int id = 0;  // 1-based position among the sentence's words
  std::string form;
  int head = 0;        // id of the head word; 0 for the root
  std::string deprel;  // as written: "nsubj", "nmod:poss", "root"
  int line = 0;        // where the word is, for messages
};

// A multiword token ("6-7 Google's"): one surface form for the words first..last.
struct ConlluToken {
  int first = 0;
  int last = 0;
  std::string form;
  int line = 0;
};

struct ConlluSentence {
  std::string file;   // the name given to the reader
  int line = 0;       // the sentence's first line
  int text_line = 0;  // the `# text = ` line
  std::string text;
  std::vector<ConlluWord> words;
  std::vector<ConlluToken> multiword_tokens;  // in order

  // "file:line", the prefix of every message about this sentence.
  std::string where(int line_number) const;
};

// The universal part of a DEPREL, before any subtype: "nmod:poss" -> "nmod".
std::string universal_relation(std::string_view deprel);

class ConlluReader {
 public:
  // Reads `in`, naming it `file` in messages; `in` must outlive the reader.
  ConlluReader(std::istream& in, std::string file);
  // Opens a file; throws Error naming it when it cannot be read.
  explicit ConlluReader(const std::filesystem::path& path);

  // The next sentence, or nullopt at the end of the input. Throws Error "file:line: ..." for a
  // malformed sentence.
  std::optional<ConlluSentence> next();

 private:
  bool read_line(std::string& line);

  std::unique_ptr<std::ifstream> owned_;
  std::istream* in_ = nullptr;
  std::string file_;
  int line_number_ = 0;
};

}  // namespace attnscope::io
