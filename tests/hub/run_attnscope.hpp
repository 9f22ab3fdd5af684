#pragma once
// Runs the attnscope binary (with this process's environment, so HF_* settings apply) and
// returns its exit code and stderr. `shell_prefix` runs first in the same shell (ulimit ...).
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "hub_files.hpp"
#include "support/fixtures.hpp"

namespace attnscope::test {

struct RunResult {
  int exit_code = -1;
  std::string stderr_text;
};

inline std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

inline RunResult run_attnscope(const std::string& arguments, const std::filesystem::path& scratch,
                               const std::string& shell_prefix = "") {
  auto err = scratch / "stderr.txt";
  std::string command = shell_prefix + "exec " + shell_quote(binary().string()) + " " + arguments +
                        " 2> " + shell_quote(err.string());
  int status = std::system(command.c_str());
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.stderr_text = file_contents(err);
  return result;
}

}  // namespace attnscope::test
