#pragma once
// SHA-256 of downloaded files (OpenSSL's libcrypto): the Hub names an LFS file by the sha256 of
// its contents, so a blob can be checked before it is moved into place.
#include <filesystem>
#include <string>
#include <string_view>

namespace attnscope::hub {

// 64 lowercase hex digits: the shape of an LFS file's ETag.
bool is_sha256_hex(std::string_view text);

// The file's SHA-256 as 64 lowercase hex digits; throws Error when it cannot be read.
std::string sha256_of_file(const std::filesystem::path& path);

}  // namespace attnscope::hub
