#pragma once
// The server's last results, so the page can fetch further heads, layers and scores of a text
// after the first answer, instead of the server sending the whole [L, H, n, n] tensor at once
// (151 MB for a 512-token BERT-base text). Least recently used results go first, bounded by
// count and by bytes; the newest result is always kept, however large.
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <utility>

#include "web/stored_result.hpp"

namespace attnscope::web {

struct CacheLimits {
  std::size_t max_entries = 8;
  std::size_t max_bytes = std::size_t{1} << 30;
};

class ResultCache {
 public:
  explicit ResultCache(CacheLimits limits = {});

  // Keeps `result` and returns its new id: 16 random hex digits, so an id names one result
  // only, even across server restarts.
  std::string add(std::shared_ptr<const StoredResult> result);
  // The result called `id` (now the most recently used), or nullptr when unknown or evicted.
  std::shared_ptr<const StoredResult> find(std::string_view id);

  std::size_t size() const;
  std::size_t bytes() const;

 private:
  void evict();

  CacheLimits limits_;
  mutable std::mutex mutex_;
  // Most recently used first.
  std::list<std::pair<std::string, std::shared_ptr<const StoredResult>>> entries_;
  std::size_t bytes_ = 0;
  std::mt19937_64 random_;
};

}  // namespace attnscope::web
