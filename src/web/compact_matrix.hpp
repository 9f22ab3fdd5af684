#pragma once
// Attention stored small enough for a page holding several models of a long text: each value
// rounded to a multiple of 1/2048 (so it is exactly a float16, within 0.00025 of the float32),
// the float16s of each slice along the first axis split into a high-byte and a low-byte plane
// and deflated (zlib format), which the browser inflates natively (DecompressionStream). Rounding
// to a fixed step rather than to float16's own precision is what makes the planes compress:
// tiny weights collapse to a few values.
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

namespace attnscope::web {

// The rounding step, and so twice the largest error of a stored value in [0, 1].
inline constexpr double kCompactStep = 1.0 / 2048;

// The float16 bits of `value` rounded to the nearest multiple of kCompactStep (values outside
// [0, 1] keep float16's own rounding, NaN stays NaN).
unsigned short compact_half(float value);

// {"dtype": "float16", "step": kCompactStep, "encoding": "deflate-byte-planes", "shape": shape,
//  "chunks": [base64 of slice 0, ...]}: one chunk per index of shape[0], each the deflated
// bytes of its m float16s as m high bytes followed by m low bytes.
nlohmann::json compact_matrix_json(std::span<const float> values, const std::vector<int>& shape);

}  // namespace attnscope::web
