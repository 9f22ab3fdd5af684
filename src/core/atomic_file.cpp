#include "core/atomic_file.hpp"

#include <unistd.h>

#include <atomic>
#include <string>

#include "core/error.hpp"

namespace attnscope {

namespace {
std::filesystem::path temp_sibling(const std::filesystem::path& target) {
  static std::atomic<unsigned> counter{0};
  auto name = "." + target.filename().string() + ".tmp." + std::to_string(::getpid()) + "." +
              std::to_string(counter++);
  return target.parent_path() / name;
}
}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target)
    : target_(std::move(target)), temp_(temp_sibling(target_)), removed_on_interrupt_(temp_) {
  auto parent = target_.parent_path();
  if (!parent.empty() && !std::filesystem::is_directory(parent))
    throw Error("cannot write " + target_.string() + ": folder " + parent.string() +
                " does not exist; create it first");
  out_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!out_)
    throw Error("cannot write " + target_.string() + ": permission denied or read-only folder");
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    out_.close();
    std::error_code ignored;
    std::filesystem::remove(temp_, ignored);
  }
}

void AtomicFile::commit() {
  out_.flush();
  bool ok = static_cast<bool>(out_);
  out_.close();
  if (!ok || out_.fail())
    throw Error("failed writing " + target_.string() + " (disk full?); nothing was written");
  std::error_code ec;
  std::filesystem::rename(temp_, target_, ec);
  if (ec) throw Error("cannot write " + target_.string() + ": " + ec.message());
  committed_ = true;
}

void write_file_atomic(const std::filesystem::path& target, std::string_view bytes) {
  AtomicFile file(target);
  file.stream().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  file.commit();
}

}  // namespace attnscope
