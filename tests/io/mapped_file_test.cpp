// Files that are not regular files (a FIFO, a folder, a device) named like a checkpoint or
// config.json: refused at once, in one line naming the file, never waited on.
#include "io/mapped_file.hpp"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <future>
#include <thread>

#include "core/error.hpp"
#include "io/json_file.hpp"
#include "io/safetensors.hpp"

namespace attnscope::test {
namespace {

namespace fs = std::filesystem;
using ::testing::StartsWith;

class NonRegularFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("attnscope-nonregular-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path fifo(const std::string& name) {
    fs::path path = dir_ / name;
    EXPECT_EQ(::mkfifo(path.c_str(), 0600), 0);
    return path;
  }

  // The error of `read`. Opening a FIFO for reading used to wait for a writer forever; if it
  // still waits after 10 s, a writer comes and goes so that the test fails instead of hanging.
  static std::string error_of(const fs::path& path, std::function<void()> read) {
    auto outcome = std::make_shared<std::promise<std::string>>();
    auto message = outcome->get_future();
    std::thread([read, outcome] {
      try {
        read();
        outcome->set_value("(read without an error)");
      } catch (const Error& error) {
        outcome->set_value(error.what());
      }
    }).detach();
    if (message.wait_for(std::chrono::seconds(10)) == std::future_status::timeout) {
      ADD_FAILURE() << "reading " << path << " waited for a writer";
      int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK);
      if (fd >= 0) ::close(fd);
    }
    return message.get();
  }

  fs::path dir_;
};

TEST_F(NonRegularFiles, AFifoAsCheckpointIsRefused) {
  fs::path path = fifo("model.safetensors");
  EXPECT_EQ(error_of(path, [path] { io::read_safetensors(path); }),
            "cannot read " + path.string() +
                ": it is a named pipe (FIFO), not a regular file; replace it with the real file");
}

TEST_F(NonRegularFiles, AFifoAsConfigIsRefused) {
  fs::path path = fifo("config.json");
  EXPECT_THAT(error_of(path, [path] { io::read_json_file(path); }),
              StartsWith("cannot read " + path.string() + ": it is a named pipe (FIFO)"));
}

TEST_F(NonRegularFiles, AFolderOrDeviceIsRefused) {
  fs::create_directories(dir_ / "model.safetensors");
  EXPECT_THAT(error_of(dir_, [this] { io::MappedFile::open(dir_ / "model.safetensors"); }),
              StartsWith("cannot read " + (dir_ / "model.safetensors").string() +
                         ": it is a folder, not a regular file"));
  EXPECT_THAT(error_of("/dev/null", [] { io::read_json_file("/dev/null"); }),
              StartsWith("cannot read /dev/null: it is a device, not a regular file"));
}

TEST_F(NonRegularFiles, AMissingFileIsNamed) {
  EXPECT_EQ(error_of(dir_, [this] { io::MappedFile::open(dir_ / "absent.bin"); }),
            "cannot open " + (dir_ / "absent.bin").string() + ": No such file or directory");
}

}  // namespace
}  // namespace attnscope::test
