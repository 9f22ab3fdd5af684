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

// Every document of `inner` whose index is `shard` modulo `shards`, after keeping only the first
// `max_documents` (0: all): shards of one run always cover exactly that run's documents.
class ShardSource final : public DocumentSource {
 public:
  ShardSource(DocumentSource& inner, std::size_t max_documents, std::size_t shard,
              std::size_t shards);
  std::optional<Document> next() override;

 private:
  DocumentSource& inner_;
  std::size_t max_documents_, shard_, shards_, seen_ = 0;
};

}  // namespace attnscope
