#include "hub/sha256.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "core/error.hpp"

namespace attnscope::hub {

bool is_sha256_hex(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string sha256_of_file(const std::filesystem::path& path) {
  auto fail = [&](const std::string& why) {
    throw Error("cannot compute the sha256 of " + path.string() + " (" + why +
                "): check that the Hugging Face cache folder is readable");
  };
  std::unique_ptr<std::FILE, decltype(&std::fclose)> in(std::fopen(path.c_str(), "rb"),
                                                        std::fclose);
  if (!in) fail(std::strerror(errno));
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  EVP_MD_CTX_free);
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
    fail("libcrypto has no SHA-256");
  std::vector<unsigned char> buffer(1 << 20);
  while (std::size_t got = std::fread(buffer.data(), 1, buffer.size(), in.get()))
    EVP_DigestUpdate(context.get(), buffer.data(), got);
  if (std::ferror(in.get())) fail(std::strerror(errno));
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context.get(), digest, &length);
  static const char* hex = "0123456789abcdef";
  std::string text;
  for (unsigned int i = 0; i < length; ++i) {
    text += hex[digest[i] >> 4];
    text += hex[digest[i] & 15];
  }
  return text;
}

}  // namespace attnscope::hub
