#include "analysis/corpus_state.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace attnscope::analysis {

namespace {

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

}  // namespace

StateArray* CorpusState::find(std::string_view name) {
  auto it = std::find_if(arrays_.begin(), arrays_.end(),
                         [&](const StateArray& a) { return a.name == name; });
  return it == arrays_.end() ? nullptr : &*it;
}

void CorpusState::add(const std::string& name, const std::vector<int64_t>& shape,
                      const std::vector<double>& values) {
  std::size_t size = 1;
  for (int64_t d : shape) size *= static_cast<std::size_t>(d);
  if (values.size() != size)
    throw Error("corpus state " + name + ": " + std::to_string(values.size()) +
                " values for shape " + shape_text(shape));
  StateArray* array = find(name);
  if (!array) {
    arrays_.push_back({name, shape, std::vector<double>(size, 0.0)});
    array = &arrays_.back();
  } else if (array->shape != shape) {
    throw Error("corpus state " + name + " has shape " + shape_text(array->shape) + " here and " +
                shape_text(shape) + " in the other part; they come from " +
                "different models or options and cannot be combined");
  }
  for (std::size_t i = 0; i < size; ++i) array->values[i] += values[i];
}

void CorpusState::merge(const CorpusState& other) {
  for (const StateArray& array : other.arrays_) add(array.name, array.shape, array.values);
}

bool CorpusState::has(std::string_view name) const {
  return std::any_of(arrays_.begin(), arrays_.end(),
                     [&](const StateArray& a) { return a.name == name; });
}

const StateArray& CorpusState::get(std::string_view name) const {
  for (const StateArray& array : arrays_)
    if (array.name == name) return array;
  throw Error("corpus state has no array " + std::string(name) +
              "; it was written by a different version or analysis");
}

}  // namespace attnscope::analysis
