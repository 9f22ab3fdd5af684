#include "pipeline/repeat_random_input.hpp"

#include "core/error.hpp"

namespace attnscope {

std::vector<std::vector<int32_t>> repeat_random_input(const Pretrained& model,
                                                      const analysis::RepeatRandomSpec& spec,
                                                      const std::string& length_option) {
  EncodeOptions options;
  options.bos = model.model->config().architecture == Architecture::Gpt2;
  const auto empty = model.tokenizer->encode("", options);
  if (empty.ids.empty())
    throw Error(model.name + "'s tokenizer adds no special token to start a sequence with");
  const int specials = static_cast<int>(empty.ids.size());
  const int length = 2 * spec.length + specials;
  const int max_positions = model.model->config().max_positions;
  if (length > max_positions)
    throw UsageError(length_option + std::to_string(spec.length) + " makes " +
                     std::to_string(length) + " tokens but " + model.name + " takes at most " +
                     std::to_string(max_positions) + "; use " + length_option +
                     std::to_string((max_positions - specials) / 2) + " or less");
  std::vector<std::vector<int32_t>> sequences;
  for (const auto& draw : analysis::draw_repeat_random(spec)) {
    std::vector<int32_t> ids = {empty.ids.front()};
    ids.insert(ids.end(), draw.begin(), draw.end());
    ids.insert(ids.end(), empty.ids.begin() + 1, empty.ids.end());
    sequences.push_back(std::move(ids));
  }
  return sequences;
}

}  // namespace attnscope
