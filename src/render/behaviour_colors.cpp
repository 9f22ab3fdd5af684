#include "render/behaviour_colors.hpp"

#include <array>

namespace attnscope::render {

Behaviour behaviour_of(const std::string& label) {
  struct Known {
    const char* label;
    Behaviour behaviour;
  };
  static const std::array<Known, 7> known = {{
      {"", {"no label", Rgb::hex(0x95a5a6)}},
      {"next", {"attend to next", Rgb::hex(0xe74c3c)}},
      {"previous", {"attend to previous", Rgb::hex(0x3498db)}},
      {"broad", {"attend broadly", Rgb::hex(0xf39c12)}},
      {"[CLS]", {"attend to [CLS]", Rgb::hex(0x9b59b6)}},
      {"[SEP]", {"attend to [SEP]", Rgb::hex(0x59d98e)}},
      {"punct", {"attend to . and ,", Rgb::hex(0x159d82)}},
  }};
  for (const auto& k : known)
    if (label == k.label) return k.behaviour;
  return {label, Rgb::hex(0x34495e)};
}

}  // namespace attnscope::render
