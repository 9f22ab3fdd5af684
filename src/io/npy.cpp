#include "io/npy.hpp"

#include <string>

#include "core/atomic_file.hpp"

namespace attnscope::io {

void write_npy_f32(const std::filesystem::path& path, const std::vector<int64_t>& shape,
                   std::span<const float> values) {
  std::string dims;
  for (std::size_t i = 0; i < shape.size(); ++i) dims += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1) dims += ',';  // Python's one-element tuple: (3,)
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
  // magic(6) + version(2) + length(2) + header + '\n' is padded to a multiple of 64.
  std::size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  AtomicFile out(path);
  out.stream().write("\x93NUMPY\x01\x00", 8);
  char len[2] = {static_cast<char>(header.size() & 0xff), static_cast<char>(header.size() >> 8)};
  out.stream().write(len, 2);
  out.stream() << header;
  out.stream().write(reinterpret_cast<const char*>(values.data()),
                     static_cast<std::streamsize>(values.size_bytes()));
  out.commit();
}

}  // namespace attnscope::io
