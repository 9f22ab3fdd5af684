// Ctrl+C while `attnscope extract` writes its output: the process ends as interrupted and leaves
// neither the output nor its hidden temporary (.out.json.tmp.PID.N) behind.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/fixtures.hpp"

namespace attnscope::test {
namespace {

namespace fs = std::filesystem;

bool is_temporary(const std::string& name) { return name.rfind(".out.json.tmp.", 0) == 0; }

// Waits (up to 60 s) until inotify reports the creation of the output's temporary file.
bool wait_for_temporary(int watch) {
  alignas(inotify_event) char buffer[4096];
  pollfd ready{watch, POLLIN, 0};
  while (::poll(&ready, 1, 60'000) == 1) {
    const ssize_t length = ::read(watch, buffer, sizeof buffer);
    for (ssize_t at = 0; at < length;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
      if (event->len > 0 && is_temporary(event->name)) return true;
      at += sizeof(inotify_event) + event->len;
    }
  }
  return false;
}

pid_t start_extract(const fs::path& output) {
  std::string words;
  for (int i = 0; i < 126; ++i) words += "cat ";  // 128 tokens with BOS-less GPT-2: 1.9 MB JSON
  const std::string binary_path = binary().string(), model = model_fixture("tiny-gpt2").string(),
                    out = output.string();
  const pid_t child = ::fork();
  if (child == 0) {
    ::signal(SIGINT, SIG_DFL);  // as in a terminal, even if the test runner ignores it
    ::freopen("/dev/null", "w", stdout);
    ::freopen("/dev/null", "w", stderr);
    ::execl(binary_path.c_str(), binary_path.c_str(), "extract", "--model", model.c_str(), "--text",
            words.c_str(), "--hidden-states", "-o", out.c_str(), nullptr);
    ::_exit(127);
  }
  return child;
}

class ExtractInterrupted : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    watch_ = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    ASSERT_GE(watch_, 0);
    ASSERT_GE(::inotify_add_watch(watch_, dir_.c_str(), IN_CREATE), 0);
  }
  void TearDown() override {
    if (watch_ >= 0) ::close(watch_);
    fs::remove_all(dir_);
  }
  const fs::path dir_ =
      fs::temp_directory_path() / ("attnscope-extract-interrupt-" + std::to_string(::getpid()));
  int watch_ = -1;
};

TEST_F(ExtractInterrupted, CtrlCMidWriteLeavesNoTemporaryFile) {
  // The signal goes out the moment the temporary appears; a run that finishes writing first
  // (the window is some milliseconds) is tried again.
  int interrupted = 0;
  for (int attempt = 0; attempt < 20 && interrupted == 0; ++attempt) {
    fs::remove(dir_ / "out.json");
    const pid_t child = start_extract(dir_ / "out.json");
    ASSERT_GT(child, 0);
    const bool created = wait_for_temporary(watch_);
    ::kill(child, SIGINT);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(created) << "extract never started writing (status " << status << ")";
    if (WIFEXITED(status)) {
      EXPECT_EQ(WEXITSTATUS(status), 0);  // finished before Ctrl+C reached it
      continue;
    }
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) << status;
    ++interrupted;
    for (const auto& entry : fs::directory_iterator(dir_))
      ADD_FAILURE() << "left behind: " << entry.path().filename();
  }
  EXPECT_EQ(interrupted, 1) << "every run finished writing before Ctrl+C reached it";
}

}  // namespace
}  // namespace attnscope::test
