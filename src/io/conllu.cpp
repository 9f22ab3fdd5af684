#include "io/conllu.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string_view>

#include "core/error.hpp"

namespace attnscope::io {
namespace {

constexpr std::size_t kColumns = 10;  // ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> columns;
  std::size_t begin = 0;
  for (std::size_t tab; (tab = line.find('\t', begin)) != std::string_view::npos; begin = tab + 1)
    columns.push_back(line.substr(begin, tab - begin));
  columns.push_back(line.substr(begin));
  return columns;
}

// A non-negative decimal integer, the whole of `text`.
std::optional<int> parse_count(std::string_view text) {
  int value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < 0) return std::nullopt;
  return value;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// The value of a `# text = ...` comment, or nullopt for any other comment (`# text_en = ...`
// included).
std::optional<std::string_view> text_comment(std::string_view line) {
  std::string_view rest = trim(line.substr(1));
  if (!rest.starts_with("text")) return std::nullopt;
  rest = trim(rest.substr(4));
  if (!rest.starts_with('=')) return std::nullopt;
  return trim(rest.substr(1));
}

class SentenceBuilder {
 public:
  explicit SentenceBuilder(ConlluSentence& sentence) : s_(sentence) {}

  void comment(std::string_view line, int line_number) {
    if (!s_.words.empty() || !s_.multiword_tokens.empty())
      fail(line_number, "a comment after the sentence's words; comments go before them");
    const auto text = text_comment(line);
    if (!text) return;
    if (s_.text_line)
      fail(line_number, "a second '# text = ' line for one sentence (the first is line " +
                            std::to_string(s_.text_line) + ")");
    s_.text = std::string(*text);
    s_.text_line = line_number;
  }

  void token_line(std::string_view line, int line_number) {
    const auto columns = split_tabs(line);
    if (columns.size() != kColumns)
      fail(line_number, "expected 10 tab-separated columns (ID FORM LEMMA UPOS XPOS FEATS HEAD " +
                            std::string("DEPREL DEPS MISC), found ") +
                            std::to_string(columns.size()));
    const std::string_view id = columns[0];
    if (id.find('-') != std::string_view::npos)
      range(id, columns[1], line_number);
    else if (id.find('.') != std::string_view::npos)
      empty_node(id, line_number);
    else
      word(columns, line_number);
  }

  // The checks that need the whole sentence: its text, ranges and heads inside it, one root and
  // no cycles.
  void finish() {
    if (s_.words.empty()) fail(s_.line, "a sentence without words (only comments)");
    if (!s_.text_line)
      fail(s_.line, "the sentence has no '# text = ' line; the model reads that raw text, so " +
                        std::string("every sentence needs one"));
    const int n = static_cast<int>(s_.words.size());
    for (const ConlluToken& token : s_.multiword_tokens)
      if (token.last > n)
        fail(token.line, "multiword token " + std::to_string(token.first) + "-" +
                             std::to_string(token.last) +
                             " reaches past the sentence's last word " + std::to_string(n));
    int root = 0;
    for (const ConlluWord& w : s_.words) {
      if (w.head > n)
        fail(w.line, "the head " + std::to_string(w.head) + " of word " + std::to_string(w.id) +
                         " is not a word of the sentence (it has " + std::to_string(n) + " words)");
      if (w.head != 0) continue;
      if (root)
        fail(w.line, "word " + std::to_string(w.id) + " is a second root (head 0) after word " +
                         std::to_string(root) + "; a sentence has exactly one");
      root = w.id;
    }
    if (!root) fail(s_.line, "no word of the sentence has head 0; a sentence has exactly one root");
    check_acyclic();
  }

 private:
  [[noreturn]] void fail(int line_number, const std::string& message) const {
    throw Error(s_.where(line_number) + ": " + message);
  }

  int next_word_id() const { return static_cast<int>(s_.words.size()) + 1; }

  void range(std::string_view id, std::string_view form, int line_number) {
    const auto dash = id.find('-');
    const auto first = parse_count(id.substr(0, dash));
    const auto last = parse_count(id.substr(dash + 1));
    if (!first || !last)
      fail(line_number, "multiword token id '" + std::string(id) + "' is not N-M");
    if (*first != next_word_id() || *last <= *first)
      fail(line_number, "multiword token " + std::string(id) + " must span words " +
                            std::to_string(next_word_id()) + "-M (M greater) that follow it");
    if (!s_.multiword_tokens.empty() && s_.multiword_tokens.back().last >= *first)
      fail(line_number, "multiword token " + std::string(id) + " overlaps the one before it");
    if (form.empty()) fail(line_number, "multiword token " + std::string(id) + " has no FORM");
    s_.multiword_tokens.push_back({*first, *last, std::string(form), line_number});
  }

  // Empty nodes (enhanced dependencies only) are no words of the tree; only their id is checked.
  void empty_node(std::string_view id, int line_number) {
    const auto dot = id.find('.');
    if (!parse_count(id.substr(0, dot)) || !parse_count(id.substr(dot + 1)))
      fail(line_number, "empty node id '" + std::string(id) + "' is not N.K");
  }

  void word(const std::vector<std::string_view>& columns, int line_number) {
    const auto id = parse_count(columns[0]);
    if (!id || *id != next_word_id())
      fail(line_number, "word id '" + std::string(columns[0]) + "' where " +
                            std::to_string(next_word_id()) +
                            " was expected; ids count 1, 2, 3... within a sentence");
    if (columns[1].empty()) fail(line_number, "word " + std::to_string(*id) + " has no FORM");
    const auto head = parse_count(columns[6]);
    if (!head)
      fail(line_number, "the HEAD '" + std::string(columns[6]) + "' of word " +
                            std::to_string(*id) + " is not a word id (0 for the root)");
    const std::string_view deprel = columns[7];
    if (deprel.empty() || deprel == "_")
      fail(line_number, "word " + std::to_string(*id) + " has no DEPREL");
    const bool is_root = universal_relation(deprel) == "root";
    if (is_root != (*head == 0))
      fail(line_number, "word " + std::to_string(*id) + " has HEAD " + std::to_string(*head) +
                            " and DEPREL '" + std::string(deprel) +
                            "'; exactly the words with DEPREL root have HEAD 0");
    s_.words.push_back({*id, std::string(columns[1]), *head, std::string(deprel), line_number});
  }

  // Follows heads from every word; meeting a word still on the current path closes a cycle.
  void check_acyclic() const {
    enum Mark : char { kUnseen, kOnPath, kDone };
    std::vector<Mark> mark(s_.words.size() + 1, kUnseen);
    mark[0] = kDone;  // the root's head
    std::vector<int> path;
    for (const ConlluWord& start : s_.words) {
      path.clear();
      int id = start.id;
      while (mark[id] == kUnseen) {
        mark[id] = kOnPath;
        path.push_back(id);
        id = s_.words[id - 1].head;
      }
      if (mark[id] == kOnPath) {
        std::string cycle;
        for (auto it = std::find(path.begin(), path.end(), id); it != path.end(); ++it)
          cycle += std::to_string(*it) + " -> ";
        fail(s_.words[id - 1].line, "the heads of words " + cycle + std::to_string(id) +
                                        " form a cycle; a dependency tree has none");
      }
      for (int on_path : path) mark[on_path] = kDone;
    }
  }

  ConlluSentence& s_;
};

}  // namespace

std::string universal_relation(std::string_view deprel) {
  return std::string(deprel.substr(0, deprel.find(':')));
}

std::string ConlluSentence::where(int line_number) const {
  return file + ":" + std::to_string(line_number);
}

ConlluReader::ConlluReader(std::istream& in, std::string file) : in_(&in), file_(std::move(file)) {}

ConlluReader::ConlluReader(const std::filesystem::path& path)
    : owned_(std::make_unique<std::ifstream>(path, std::ios::binary)),
      in_(owned_.get()),
      file_(path.string()) {
  if (!*owned_) throw Error("cannot open the CoNLL-U file " + file_ + ": " + std::strerror(errno));
}

bool ConlluReader::read_line(std::string& line) {
  if (!std::getline(*in_, line)) {
    if (in_->bad()) throw Error(file_ + ":" + std::to_string(line_number_ + 1) + ": read failed");
    return false;
  }
  ++line_number_;
  if (line_number_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // a UTF-8 BOM
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

std::optional<ConlluSentence> ConlluReader::next() {
  ConlluSentence sentence;
  sentence.file = file_;
  SentenceBuilder builder(sentence);
  std::string line;
  while (read_line(line)) {
    if (line.empty()) {
      if (!sentence.line) continue;  // blank lines between sentences
      builder.finish();
      return sentence;
    }
    if (!sentence.line) sentence.line = line_number_;
    if (line.front() == '#')
      builder.comment(line, line_number_);
    else
      builder.token_line(line, line_number_);
  }
  if (!sentence.line) return std::nullopt;
  builder.finish();  // the last sentence may lack its closing blank line
  return sentence;
}

}  // namespace attnscope::io
