#pragma once
// Element types of checkpoint and golden tensors, named as safetensors names them.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace attnscope::io {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

std::size_t dtype_size(DType dtype);
std::string_view dtype_name(DType dtype);  // "F32", "BF16", ...
std::optional<DType> parse_dtype(std::string_view name);

// IEEE half and bfloat16 to float, bit-exact (as torch's .float()).
float half_to_float(unsigned short bits);
float bfloat16_to_float(unsigned short bits);

// float to IEEE half, rounding to nearest even as numpy's astype(float16) does: too large
// becomes infinity, too small a subnormal or zero, NaN stays NaN.
unsigned short float_to_half(float value);

}  // namespace attnscope::io
