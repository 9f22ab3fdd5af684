#pragma once
// One analysed text as the server keeps it between requests: the attention, what it was
// computed from, and its head scores, computed when first asked for (about 0.6 s at 512 tokens
// on BERT-base, which the first view does not need) and kept.
#include <cstddef>
#include <mutex>

#include "analysis/head_scores.hpp"
#include "attention/attention.hpp"
#include "web/attention_payload.hpp"

namespace attnscope::web {

struct TimedScores {
  analysis::HeadScores scores;
  double ms = 0;  // time to compute them
};

class StoredResult {
 public:
  StoredResult(Attention attention, ResultContext context);

  const Attention& attention() const { return attention_; }
  const ResultContext& context() const { return context_; }
  // Thread-safe: concurrent first calls compute once.
  const TimedScores& scores() const;
  // What keeping it costs: the attention tensor, which dwarfs the rest.
  std::size_t bytes() const { return attention_.probs.size() * sizeof(float); }

 private:
  Attention attention_;
  ResultContext context_;
  mutable std::once_flag scores_once_;
  mutable TimedScores scores_;
};

}  // namespace attnscope::web
