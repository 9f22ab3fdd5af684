#include "web/compact_matrix.hpp"

#include <zlib.h>

#include <cmath>
#include <exception>
#include <numeric>

#include "core/base64.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"
#include "io/dtype.hpp"

namespace attnscope::web {

namespace {

std::string deflated(const std::string& bytes) {
  uLongf size = compressBound(static_cast<uLong>(bytes.size()));
  std::string out(size, '\0');
  const int status = compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                               reinterpret_cast<const Bytef*>(bytes.data()),
                               static_cast<uLong>(bytes.size()), Z_DEFAULT_COMPRESSION);
  if (status != Z_OK)
    throw Error("cannot compress the explorer's attention (zlib error " + std::to_string(status) +
                ")");
  out.resize(size);
  return out;
}

std::string byte_planes(std::span<const float> values) {
  const std::size_t m = values.size();
  std::string planes(2 * m, '\0');
  for (std::size_t i = 0; i < m; ++i) {
    const unsigned short bits = compact_half(values[i]);
    planes[i] = static_cast<char>(bits >> 8);
    planes[m + i] = static_cast<char>(bits & 0xff);
  }
  return planes;
}

}  // namespace

unsigned short compact_half(float value) {
  if (value >= 0 && value <= 1) {
    value = static_cast<float>(std::nearbyint(value / kCompactStep) * kCompactStep);
  }
  return io::float_to_half(value);
}

nlohmann::json compact_matrix_json(std::span<const float> values, const std::vector<int>& shape) {
  const std::size_t slices = shape.empty() ? 1 : static_cast<std::size_t>(shape[0]);
  const std::size_t total = std::accumulate(shape.begin(), shape.end(), std::size_t{1},
                                            [](std::size_t a, int b) { return a * b; });
  if (total != values.size() || slices == 0) throw Error("compact matrix: shape and size differ");
  const std::size_t per_slice = total / slices;
  std::vector<std::string> chunks(slices);
  std::vector<std::exception_ptr> failures(slices);
  parallel_for(slices, [&](std::size_t begin, std::size_t end) {
    for (std::size_t s = begin; s < end; ++s) {
      try {
        chunks[s] = base64_encode(deflated(byte_planes(values.subspan(s * per_slice, per_slice))));
      } catch (...) {
        failures[s] = std::current_exception();
      }
    }
  });
  for (const auto& failure : failures)
    if (failure) std::rethrow_exception(failure);
  return {{"dtype", "float16"},
          {"step", kCompactStep},
          {"encoding", "deflate-byte-planes"},
          {"shape", shape},
          {"chunks", chunks}};
}

}  // namespace attnscope::web
