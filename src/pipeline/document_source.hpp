#pragma once
// Where the texts of a corpus come from, one at a time: a corpus never sits in memory whole.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace attnscope {

struct Document {
  std::size_t index = 0;  // position in the corpus, counted before any sharding
  std::string text;
  std::optional<std::string> text_pair;  // BERT's second segment
  // Token ids given directly (detect --ids-file, --repeat-random): no tokenizer runs.
  std::optional<std::vector<int32_t>> ids;
};

class DocumentSource {
 public:
  virtual ~DocumentSource() = default;
  // The next document, or nothing at the end.
  virtual std::optional<Document> next() = 0;
};

// Documents held by the caller (a few --text values, generated id sequences).
class VectorSource final : public DocumentSource {
 public:
  explicit VectorSource(std::vector<Document> documents) : documents_(std::move(documents)) {}
  std::optional<Document> next() override;

 private:
  std::vector<Document> documents_;
  std::size_t next_ = 0;
};

// One document per non-empty line of a file ('-' is stdin); with `pairs`, consecutive lines are
// one document's two segments (Clark et al.'s [CLS] A [SEP] B [SEP]).
class LineSource final : public DocumentSource {
 public:
  LineSource(const std::string& path, bool pairs);
  std::optional<Document> next() override;

 private:
  std::optional<std::string> next_line();
  std::string path_;
  std::ifstream file_;
  std::istream* in_;
  bool pairs_;
  std::size_t count_ = 0;
};

// The documents of each source in turn, numbered on from one source to the next.
class ConcatSource final : public DocumentSource {
 public:
  explicit ConcatSource(std::vector<std::unique_ptr<DocumentSource>> sources)
      : sources_(std::move(sources)) {}
  std::optional<Document> next() override;

 private:
  std::vector<std::unique_ptr<DocumentSource>> sources_;
  std::size_t current_ = 0, count_ = 0;
};

// Which documents one shard of a run takes: the first `max_documents` of the corpus (0: all) are
// the run's, and shard K of N takes those whose index is K modulo N, so shards of one run always
// cover exactly that run's documents.
struct Sharding {
  std::size_t max_documents = 0;
  std::size_t shard = 0, shards = 1;
  void check() const;  // UsageError unless 0 <= K < N
  bool past_end(std::size_t index) const { return max_documents && index >= max_documents; }
  bool keeps(std::size_t index) const { return !past_end(index) && index % shards == shard; }
};

// The documents of `inner` that `sharding` keeps.
class ShardSource final : public DocumentSource {
 public:
  ShardSource(DocumentSource& inner, Sharding sharding);
  std::optional<Document> next() override;

 private:
  DocumentSource& inner_;
  Sharding sharding_;
};

}  // namespace attnscope
