#include "io/zip_archive.hpp"

#include <cstdint>
#include <cstring>

#include "core/error.hpp"

namespace attnscope::io {

namespace {

constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint32_t kCentralHeader = 0x02014b50;
constexpr std::uint32_t kEndOfDirectory = 0x06054b50;
constexpr std::uint32_t kZip64Locator = 0x07064b50;
constexpr std::uint32_t kZip64EndOfDirectory = 0x06064b50;
constexpr std::uint16_t kZip64ExtraField = 0x0001;

// Bounds-checked little-endian reads; every offset comes from the file and is not trusted.
class Reader {
 public:
  Reader(std::span<const std::byte> bytes, const std::string& what) : bytes_(bytes), what_(what) {}

  template <typename T>
  T at(std::uint64_t offset) const {
    require(offset, sizeof(T));
    T value;
    std::memcpy(&value, bytes_.data() + offset, sizeof(T));
    return value;
  }
  std::span<const std::byte> slice(std::uint64_t offset, std::uint64_t size) const {
    require(offset, size);
    return bytes_.subspan(offset, size);
  }
  void require(std::uint64_t offset, std::uint64_t size) const {
    if (offset > bytes_.size() || size > bytes_.size() - offset)
      corrupt("an entry lies past its end");
  }
  [[noreturn]] void corrupt(const std::string& why) const {
    throw Error(what_ + " is not a valid ZIP archive (" + why +
                "): the download is probably incomplete; delete it and download it again");
  }
  std::size_t size() const { return bytes_.size(); }

 private:
  std::span<const std::byte> bytes_;
  const std::string& what_;
};

struct Directory {
  std::uint64_t entries = 0, offset = 0;
};

Directory find_directory(const Reader& zip) {
  // The end record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  if (zip.size() < 22) zip.corrupt("too short");
  std::uint64_t lowest = zip.size() > 22 + 65535 ? zip.size() - 22 - 65535 : 0;
  for (std::uint64_t pos = zip.size() - 22;; --pos) {
    if (zip.at<std::uint32_t>(pos) == kEndOfDirectory) {
      Directory dir{zip.at<std::uint16_t>(pos + 10), zip.at<std::uint32_t>(pos + 16)};
      bool zip64 = dir.entries == 0xFFFF || dir.offset == 0xFFFFFFFF;
      if (zip64 && pos >= 20 && zip.at<std::uint32_t>(pos - 20) == kZip64Locator) {
        auto record = zip.at<std::uint64_t>(pos - 20 + 8);
        if (zip.at<std::uint32_t>(record) != kZip64EndOfDirectory)
          zip.corrupt("bad ZIP64 end record");
        dir.entries = zip.at<std::uint64_t>(record + 32);
        dir.offset = zip.at<std::uint64_t>(record + 48);
      }
      return dir;
    }
    if (pos == lowest) break;
  }
  zip.corrupt("no end of central directory");
}

}  // namespace

bool looks_like_zip(std::span<const std::byte> bytes) {
  std::uint32_t magic = 0;
  if (bytes.size() >= 4) std::memcpy(&magic, bytes.data(), 4);
  return magic == kLocalHeader;
}

ZipEntries read_stored_zip(std::span<const std::byte> archive, const std::string& what) {
  Reader zip(archive, what);
  Directory dir = find_directory(zip);
  ZipEntries entries;
  std::uint64_t pos = dir.offset;
  for (std::uint64_t i = 0; i < dir.entries; ++i) {
    if (zip.at<std::uint32_t>(pos) != kCentralHeader) zip.corrupt("bad central directory entry");
    auto flags = zip.at<std::uint16_t>(pos + 8);
    auto method = zip.at<std::uint16_t>(pos + 10);
    std::uint64_t size = zip.at<std::uint32_t>(pos + 20);
    std::uint64_t uncompressed = zip.at<std::uint32_t>(pos + 24);
    auto name_length = zip.at<std::uint16_t>(pos + 28);
    auto extra_length = zip.at<std::uint16_t>(pos + 30);
    auto comment_length = zip.at<std::uint16_t>(pos + 32);
    std::uint64_t local = zip.at<std::uint32_t>(pos + 42);
    auto name_bytes = zip.slice(pos + 46, name_length);
    std::string name(reinterpret_cast<const char*>(name_bytes.data()), name_bytes.size());

    // ZIP64 stores the real values, in this order, of the fields that overflowed.
    for (std::uint64_t extra = pos + 46 + name_length;
         extra + 4 <= pos + 46 + name_length + extra_length;) {
      auto id = zip.at<std::uint16_t>(extra);
      auto length = zip.at<std::uint16_t>(extra + 2);
      if (id == kZip64ExtraField) {
        std::uint64_t field = extra + 4;
        if (uncompressed == 0xFFFFFFFF) uncompressed = zip.at<std::uint64_t>(field), field += 8;
        if (size == 0xFFFFFFFF) size = zip.at<std::uint64_t>(field), field += 8;
        if (local == 0xFFFFFFFF) local = zip.at<std::uint64_t>(field);
      }
      extra += 4 + length;
    }
    if (flags & 1) throw Error(what + ": entry " + name + " is encrypted; it cannot be read");
    if (method != 0 || size != uncompressed)
      throw Error(what + ": entry " + name +
                  " is compressed, which torch.save never does; re-save the checkpoint with "
                  "torch.save or convert it to safetensors");
    if (zip.at<std::uint32_t>(local) != kLocalHeader) zip.corrupt("bad local header of " + name);
    std::uint64_t data =
        local + 30 + zip.at<std::uint16_t>(local + 26) + zip.at<std::uint16_t>(local + 28);
    entries[name] = zip.slice(data, size);
    pos += 46 + name_length + extra_length + comment_length;
  }
  return entries;
}

}  // namespace attnscope::io
