#include "io/text_lines.hpp"

#include "io/mapped_file.hpp"

namespace attnscope::io {

void for_each_line(const std::filesystem::path& path,
                   const std::function<void(std::string_view line)>& each) {
  const auto file = MappedFile::open(path);
  const auto bytes = file->bytes();
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  for (std::size_t begin = 0; begin < text.size();) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    if (line.ends_with('\r')) line.remove_suffix(1);
    each(line);
    begin = end + 1;
  }
}

}  // namespace attnscope::io
