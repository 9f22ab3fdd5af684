// An AtomicFile being written when Ctrl+C or SIGTERM ends the process leaves no temporary file;
// a program's own handler (serve's) still gets the signal, and an ignored one stays ignored.
#include "core/interrupt_cleanup.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/atomic_file.hpp"

namespace attnscope {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  return names;
}

class InterruptCleanup : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("attnscope-interrupt-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

// A child process starts writing out.bin and waits there; the signal ends it mid-write.
TEST_P(InterruptCleanup, SignalMidWriteEndsTheProcessAndRemovesTheTemporary) {
  const int signal_number = GetParam();
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::signal(signal_number, SIG_DFL);  // as in a terminal, even if the test runner ignores it
    AtomicFile file(dir_ / "out.bin");
    file.stream() << "half of it";
    file.stream().flush();
    [[maybe_unused]] auto written = ::write(ready[1], "x", 1);
    for (int i = 0; i < 600; ++i) ::sleep(1);  // the signal comes long before
    ::_exit(0);
  }
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  const auto names = names_in(dir_);
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0].rfind(".out.bin.tmp.", 0), 0u) << names[0];

  ASSERT_EQ(::kill(child, signal_number), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == signal_number)
      << "the signal no longer ends the process as it would have (status " << status << ")";
  EXPECT_TRUE(names_in(dir_).empty()) << names_in(dir_)[0];
  ::close(ready[0]);
  ::close(ready[1]);
}

INSTANTIATE_TEST_SUITE_P(IntTermHup, InterruptCleanup, ::testing::Values(SIGINT, SIGTERM, SIGHUP));

volatile sig_atomic_t own_handler_calls = 0;
extern "C" void count_call(int) { own_handler_calls = own_handler_calls + 1; }

struct sigaction current_action(int signal_number) {
  struct sigaction action {};
  ::sigaction(signal_number, nullptr, &action);
  return action;
}

// serve's Ctrl+C handler must keep working while (and after) a file is written.
TEST(InterruptCleanupChain, AnEarlierHandlerIsCalledAndRestored) {
  struct sigaction own {
  }, before{};
  own.sa_handler = count_call;
  sigemptyset(&own.sa_mask);
  ASSERT_EQ(::sigaction(SIGINT, &own, &before), 0);
  own_handler_calls = 0;
  const fs::path target = fs::temp_directory_path() / "attnscope-interrupt-chain.txt";
  {
    AtomicFile file(target);
    file.stream() << "whole";
    ::raise(SIGINT);
    EXPECT_EQ(own_handler_calls, 1);
    EXPECT_TRUE(fs::exists(file.temp_path())) << "the handler's program may go on writing";
    file.commit();
  }
  EXPECT_TRUE(fs::exists(target));
  EXPECT_EQ(current_action(SIGINT).sa_handler, count_call);
  ::raise(SIGINT);
  EXPECT_EQ(own_handler_calls, 2);
  fs::remove(target);
  ::sigaction(SIGINT, &before, nullptr);
}

TEST(InterruptCleanupChain, AnIgnoredSignalStaysIgnored) {
  struct sigaction ignore {
  }, before{};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  ASSERT_EQ(::sigaction(SIGINT, &ignore, &before), 0);
  const fs::path target = fs::temp_directory_path() / "attnscope-interrupt-ignored.txt";
  {
    AtomicFile file(target);
    EXPECT_EQ(current_action(SIGINT).sa_handler, SIG_IGN);
    ::raise(SIGINT);  // nohup: nothing happens
    file.stream() << "whole";
    file.commit();
  }
  EXPECT_TRUE(fs::exists(target));
  fs::remove(target);
  ::sigaction(SIGINT, &before, nullptr);
}

// With no write in flight nothing of attnscope's is installed: the default action is untouched.
TEST(InterruptCleanupChain, NoHandlerStaysInstalledAfterTheWrite) {
  const auto before = ::signal(SIGTERM, SIG_DFL);
  {
    AtomicFile file(fs::temp_directory_path() / "attnscope-interrupt-none.txt");
    EXPECT_NE(current_action(SIGTERM).sa_handler, SIG_DFL);
  }
  EXPECT_EQ(current_action(SIGTERM).sa_handler, SIG_DFL);
  ::signal(SIGTERM, before);
}

}  // namespace
}  // namespace attnscope
