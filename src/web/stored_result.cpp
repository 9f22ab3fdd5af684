#include "web/stored_result.hpp"

#include <chrono>

#include "web/explorer_scores.hpp"

namespace attnscope::web {

StoredResult::StoredResult(Attention attention, ResultContext context)
    : attention_(std::move(attention)), context_(std::move(context)) {}

const TimedScores& StoredResult::scores() const {
  std::call_once(scores_once_, [this] {
    const auto start = std::chrono::steady_clock::now();
    scores_.scores = explorer_scores(attention_);
    scores_.ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  });
  return scores_;
}

}  // namespace attnscope::web
