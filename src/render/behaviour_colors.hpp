#pragma once
// Clark et al.'s head labels as the figures name and colour them (their notebook's palette).
#include <string>

#include "render/color.hpp"

namespace attnscope::render {

struct Behaviour {
  std::string legend;  // "attend to next"
  Rgb color;
};

// For a label of analysis::clark_label ("next", "previous", "broad", "[CLS]", "[SEP]", "punct")
// or "" (no label); any other label keeps its own name and a neutral colour.
Behaviour behaviour_of(const std::string& label);

}  // namespace attnscope::render
