#include "web/result_cache.hpp"

#include <algorithm>
#include <cstdio>

namespace attnscope::web {

ResultCache::ResultCache(CacheLimits limits) : limits_(limits), random_(std::random_device{}()) {}

std::string ResultCache::add(std::shared_ptr<const StoredResult> result) {
  std::lock_guard lock(mutex_);
  std::string id;
  do {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(random_()));
    id = hex;
  } while (std::any_of(entries_.begin(), entries_.end(),
                       [&](const auto& entry) { return entry.first == id; }));
  bytes_ += result->bytes();
  entries_.emplace_front(id, std::move(result));
  evict();
  return id;
}

std::shared_ptr<const StoredResult> ResultCache::find(std::string_view id) {
  std::lock_guard lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->first == id) {
      entries_.splice(entries_.begin(), entries_, it);
      return it->second;
    }
  }
  return nullptr;
}

std::size_t ResultCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::size_t ResultCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

void ResultCache::evict() {
  // A request still reading an evicted result holds its own reference; the memory goes with it.
  while (entries_.size() > 1 &&
         (entries_.size() > limits_.max_entries || bytes_ > limits_.max_bytes)) {
    bytes_ -= entries_.back().second->bytes();
    entries_.pop_back();
  }
}

}  // namespace attnscope::web
