#pragma once
// Numeric axis ticks at "nice" values (1, 2, 2.5, 5 times a power of ten), as matplotlib picks.
#include <string>
#include <vector>

namespace attnscope::render {

// Tick values within [lo, hi], at most about `max_ticks` of them.
std::vector<double> nice_ticks(double lo, double hi, int max_ticks = 6);
// The step between consecutive ticks of nice_ticks(lo, hi, max_ticks).
double nice_step(double lo, double hi, int max_ticks = 6);
// A tick's text with as many decimals as the step needs ("0.25", "2", "0.070").
std::string tick_text(double value, double step);

}  // namespace attnscope::render
