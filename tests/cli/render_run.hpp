#pragma once
// Runs the attnscope binary for the figure and report end-to-end tests.
#include <filesystem>
#include <string>
#include <vector>

namespace attnscope::test {

struct RunResult {
  int exit_code = -1;
  std::string out, err;
};

// Runs `attnscope args...` in `cwd` (each argument shell-quoted).
RunResult run_attnscope(const std::vector<std::string>& args, const std::filesystem::path& cwd);

// A command that must fail with `exit_code` and one line on stderr that holds `message`.
struct FailingRun {
  std::vector<std::string> args;
  int exit_code;
  std::string message;
};
// Runs each in `cwd` and checks its exit code and its one line of stderr.
void expect_one_line_failures(const std::vector<FailingRun>& runs,
                              const std::filesystem::path& cwd);

// A fresh empty folder for one test.
std::filesystem::path fresh_dir(const std::string& name);
std::string slurp(const std::filesystem::path& path);

}  // namespace attnscope::test
