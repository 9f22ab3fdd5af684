#pragma once
// One call of a Model from Python: the batch it ran and everything the forward pass produced,
// kept whole so that numpy arrays can view it without copying.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attention/attention.hpp"
#include "pipeline/pretrained.hpp"

namespace attnscope::python {

struct Result {
  std::shared_ptr<const Pretrained> model;
  std::vector<std::string> texts;
  std::vector<std::optional<std::string>> text_pairs;  // one per text
  std::vector<Encoding> encodings;
  Batch batch;
  ForwardOutput output;
  // The model's forward pass alone, of this call's wall time: the benchmark of the binding's own
  // cost (bench/compare_python.py) subtracts it from what Python measured.
  double forward_seconds = 0;

  int size() const { return batch.size; }
  // Text `index` cut to its own length, as the figures and analyses take it.
  Attention record(int index) const;
  // Every text's record.
  std::vector<Attention> records() const;
};

}  // namespace attnscope::python
