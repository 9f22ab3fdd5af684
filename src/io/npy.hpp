#pragma once
// NumPy .npy (format 1.0), for handing arrays to Python users: np.load(path).
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

namespace attnscope::io {

// Writes a little-endian float32 C-order array, atomically.
void write_npy_f32(const std::filesystem::path& path, const std::vector<int64_t>& shape,
                   std::span<const float> values);

}  // namespace attnscope::io
