#include "python/result.hpp"

#include "core/error.hpp"
#include "pipeline/capture.hpp"

namespace attnscope::python {

Attention Result::record(int index) const {
  if (index < 0 || index >= size())
    throw UsageError("index " + std::to_string(index) + " is outside the batch of " +
                     std::to_string(size()) + " text" + (size() == 1 ? "" : "s"));
  return attention_record(*model, encodings[index], output, batch, index);
}

std::vector<Attention> Result::records() const {
  std::vector<Attention> all;
  for (int i = 0; i < size(); ++i) all.push_back(record(i));
  return all;
}

}  // namespace attnscope::python
