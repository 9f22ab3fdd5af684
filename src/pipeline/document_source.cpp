#include "pipeline/document_source.hpp"

#include <iostream>

#include "core/error.hpp"

namespace attnscope {

std::optional<Document> VectorSource::next() {
  if (next_ >= documents_.size()) return std::nullopt;
  Document document = std::move(documents_[next_++]);
  return document;
}

LineSource::LineSource(const std::string& path, bool pairs)
    : path_(path), in_(&std::cin), pairs_(pairs) {
  if (path != "-") {
    file_.open(path);
    if (!file_) throw Error("cannot read " + path + ": no such file or not readable");
    in_ = &file_;
  }
}

std::optional<std::string> LineSource::next_line() {
  std::string line;
  while (std::getline(*in_, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) return line;
  }
  if (in_->bad()) throw Error("cannot read " + path_ + ": a read error");
  return std::nullopt;
}

std::optional<Document> LineSource::next() {
  auto text = next_line();
  if (!text) return std::nullopt;
  Document document;
  document.index = count_++;
  document.text = std::move(*text);
  if (pairs_) {
    document.text_pair = next_line();
    if (!document.text_pair)
      throw Error(path_ + ": --pairs needs an even number of non-empty lines; the last one (" +
                  std::to_string(2 * document.index + 1) + ") has no partner");
  }
  return document;
}

std::optional<Document> ConcatSource::next() {
  for (; current_ < sources_.size(); ++current_) {
    if (auto document = sources_[current_]->next()) {
      document->index = count_++;
      return document;
    }
  }
  return std::nullopt;
}

void Sharding::check() const {
  if (shards == 0 || shard >= shards)
    throw UsageError("--shard K/N needs 0 <= K < N, got " + std::to_string(shard) + "/" +
                     std::to_string(shards));
}

ShardSource::ShardSource(DocumentSource& inner, Sharding sharding)
    : inner_(inner), sharding_(sharding) {
  sharding_.check();
}

std::optional<Document> ShardSource::next() {
  while (auto document = inner_.next()) {
    if (sharding_.past_end(document->index)) return std::nullopt;
    if (sharding_.keeps(document->index)) return document;
  }
  return std::nullopt;
}

}  // namespace attnscope
