#include "io/dtype.hpp"

#include <array>
#include <bit>
#include <cstdint>
#include <utility>

namespace attnscope::io {

namespace {
constexpr std::array<std::pair<DType, std::string_view>, 10> kNames{{{DType::F64, "F64"},
                                                                     {DType::F32, "F32"},
                                                                     {DType::F16, "F16"},
                                                                     {DType::BF16, "BF16"},
                                                                     {DType::I64, "I64"},
                                                                     {DType::I32, "I32"},
                                                                     {DType::I16, "I16"},
                                                                     {DType::I8, "I8"},
                                                                     {DType::U8, "U8"},
                                                                     {DType::Bool, "BOOL"}}};
}  // namespace

std::size_t dtype_size(DType dtype) {
  switch (dtype) {
    case DType::F64:
    case DType::I64:
      return 8;
    case DType::F32:
    case DType::I32:
      return 4;
    case DType::F16:
    case DType::BF16:
    case DType::I16:
      return 2;
    case DType::I8:
    case DType::U8:
    case DType::Bool:
      return 1;
  }
  return 0;
}

std::string_view dtype_name(DType dtype) {
  for (auto& [d, name] : kNames)
    if (d == dtype) return name;
  return "?";
}

std::optional<DType> parse_dtype(std::string_view name) {
  for (auto& [d, n] : kNames)
    if (n == name) return d;
  return std::nullopt;
}

float half_to_float(unsigned short bits) {
  uint32_t sign = static_cast<uint32_t>(bits & 0x8000) << 16;
  uint32_t exponent = (bits >> 10) & 0x1f;
  uint32_t mantissa = bits & 0x3ff;
  uint32_t out;
  if (exponent == 0x1f) {
    out = sign | 0x7f800000 | (mantissa << 13);  // inf / nan
  } else if (exponent != 0) {
    out = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    out = sign;
  } else {
    // Subnormal half: normalise the mantissa into a float exponent.
    exponent = 113;
    while ((mantissa & 0x400) == 0) {
      mantissa <<= 1;
      --exponent;
    }
    out = sign | (exponent << 23) | ((mantissa & 0x3ff) << 13);
  }
  return std::bit_cast<float>(out);
}

float bfloat16_to_float(unsigned short bits) {
  return std::bit_cast<float>(static_cast<uint32_t>(bits) << 16);
}

unsigned short float_to_half(float value) {
  const uint32_t bits = std::bit_cast<uint32_t>(value);
  const auto sign = static_cast<uint32_t>((bits >> 16) & 0x8000);
  const uint32_t magnitude = bits & 0x7fffffff;
  if (magnitude > 0x7f800000) return static_cast<unsigned short>(sign | 0x7e00);   // NaN
  if (magnitude >= 0x477ff000) return static_cast<unsigned short>(sign | 0x7c00);  // ≥ 65520
  const int exponent = static_cast<int>(magnitude >> 23) - 127;
  // The half's significand as an integer with `shift` bits to drop: 10 fraction bits for a
  // normal half, fewer below 2^-14 (subnormals share the exponent of 2^-14).
  uint32_t significand = (magnitude & 0x7fffff) | 0x800000;
  int shift = 13;
  uint32_t half_exponent = 0;
  if (exponent >= -14) {
    half_exponent = static_cast<uint32_t>(exponent + 15);
  } else {
    shift = 13 + (-14 - exponent);
    if (shift > 24) return static_cast<unsigned short>(sign);  // below half the smallest subnormal
  }
  if (exponent >= -14) significand &= 0x7fffff;
  uint32_t rounded = significand >> shift;
  const uint32_t rest = significand & ((1u << shift) - 1);
  const uint32_t halfway = 1u << (shift - 1);
  if (rest > halfway || (rest == halfway && (rounded & 1))) ++rounded;
  // A carry out of the fraction moves to the next exponent, which adding the fields does.
  return static_cast<unsigned short>(sign + (half_exponent << 10) + rounded);
}

}  // namespace attnscope::io
