// libFuzzer target for config.json: any bytes, written as a model folder's config.json, give
// either a ModelConfig the forward pass can be built from or an attnscope::Error. Never a crash,
// an uncaught JSON exception or a sanitizer report (a number cast past its type's range is one).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "core/error.hpp"
#include "model/config.hpp"
#include "scratch_folder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static const attnscope::fuzz::ScratchFolder folder;
  try {
    const auto config = attnscope::ModelConfig::load(folder.write("config.json", data, size));
    // What the loader promised: an architecture attnscope runs, every size positive and heads
    // that divide the hidden size.
    if (config.model_type != "bert" && config.model_type != "gpt2") std::abort();
    for (int value : {config.vocab_size, config.hidden_size, config.layers, config.heads,
                      config.intermediate_size, config.max_positions}) {
      if (value <= 0) std::abort();
    }
    if (config.head_dim() * config.heads != config.hidden_size) std::abort();
  } catch (const attnscope::Error&) {
  }
  return 0;
}
