#pragma once
// Reading a model folder's line-per-entry text files (vocab.txt, merges.txt).
#include <filesystem>
#include <functional>
#include <string_view>

namespace attnscope::io {

// Calls `each` with every line of `path` in order, split as std::getline splits them (a last
// line needs no line end), each without its Windows '\r'. The file is read through MappedFile,
// so a FIFO, folder or device is refused in one line naming it instead of being waited on.
void for_each_line(const std::filesystem::path& path,
                   const std::function<void(std::string_view line)>& each);

}  // namespace attnscope::io
