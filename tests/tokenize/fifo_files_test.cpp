// A named pipe (FIFO) in place of vocab.txt or merges.txt is refused at once, in one line naming
// it. Opening a FIFO for reading waits for a writer, so the old loaders hung on such a folder.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/error.hpp"
#include "support/fixtures.hpp"
#include "tokenize/tokenizer.hpp"

namespace attnscope {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

struct FifoLoad {
  std::string error;               // "" when the folder loaded
  bool waited_for_writer = false;  // the loader blocked on the FIFO until a writer came
};

// Loads the `type` tokenizer of `dir`, whose `fifo` is a named pipe. If the loader is still busy
// after 3 s, a writer opens the FIFO (and closes it, so the reader sees an empty file): a loader
// that waits on it then ends and the test fails instead of hanging.
FifoLoad load_with_late_writer(const fs::path& dir, const std::string& type, const fs::path& fifo) {
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  FifoLoad result;
  std::thread writer([&] {
    std::unique_lock lock(mutex);
    if (finished.wait_for(lock, 3s, [&] { return done; })) return;
    while (!done) {
      // Without a reader waiting, a non-blocking open fails (ENXIO); retry until one waits.
      const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
      if (fd >= 0) {
        ::close(fd);
        result.waited_for_writer = true;
        return;
      }
      finished.wait_for(lock, 100ms, [&] { return done; });
    }
  });
  std::string error;
  try {
    Tokenizer::load(dir, type);
  } catch (const Error& e) {
    error = e.what();
  }
  {
    std::lock_guard lock(mutex);
    done = true;
  }
  finished.notify_all();
  writer.join();
  result.error = error;
  return result;
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = test::scratch_dir() / "tokenize" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

fs::path make_fifo(const fs::path& path) {
  EXPECT_EQ(::mkfifo(path.c_str(), 0600), 0) << path;
  return path;
}

std::string fifo_refusal(const fs::path& path) {
  return "cannot read " + path.string() +
         ": it is a named pipe (FIFO), not a regular file; replace it with the real file";
}

TEST(TokenizerFifo, VocabTxtFifoIsRefused) {
  const fs::path dir = fresh_dir("fifo-vocab-txt");
  const fs::path fifo = make_fifo(dir / "vocab.txt");
  const FifoLoad load = load_with_late_writer(dir, "bert", fifo);
  EXPECT_FALSE(load.waited_for_writer);
  EXPECT_EQ(load.error, fifo_refusal(fifo));
}

TEST(TokenizerFifo, MergesTxtFifoIsRefused) {
  const fs::path dir = fresh_dir("fifo-merges-txt");
  fs::copy_file(test::model_fixture("tiny-gpt2") / "vocab.json", dir / "vocab.json");
  const fs::path fifo = make_fifo(dir / "merges.txt");
  const FifoLoad load = load_with_late_writer(dir, "gpt2", fifo);
  EXPECT_FALSE(load.waited_for_writer);
  EXPECT_EQ(load.error, fifo_refusal(fifo));
}

}  // namespace
}  // namespace attnscope
