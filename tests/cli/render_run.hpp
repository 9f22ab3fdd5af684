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

// A fresh empty folder for one test.
std::filesystem::path fresh_dir(const std::string& name);
std::string slurp(const std::filesystem::path& path);

}  // namespace attnscope::test
