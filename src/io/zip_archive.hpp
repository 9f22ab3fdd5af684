#pragma once
// The entries of a ZIP archive held in memory, read from its central directory (ZIP64
// included). torch.save writes every entry stored, uncompressed, so entries are spans of the
// archive's own bytes; a compressed or encrypted entry is refused.
#include <cstddef>
#include <map>
#include <span>
#include <string>

namespace attnscope::io {

using ZipEntries = std::map<std::string, std::span<const std::byte>>;

// `what` names the file in error messages.
ZipEntries read_stored_zip(std::span<const std::byte> archive, const std::string& what);

bool looks_like_zip(std::span<const std::byte> bytes);

}  // namespace attnscope::io
