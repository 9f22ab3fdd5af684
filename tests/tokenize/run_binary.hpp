#pragma once
// Runs the attnscope binary through the shell and collects its exit code, stdout and stderr.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/fixtures.hpp"

namespace attnscope::test {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// `arguments` is shell text, quoted by the caller.
inline RunResult run_attnscope(const std::string& arguments, const std::string& name) {
  const auto dir = scratch_dir() / "tokenize-cli";
  std::filesystem::create_directories(dir);
  const auto out = dir / (name + ".out");
  const auto err = dir / (name + ".err");
  const std::string command = "'" + binary().string() + "' " + arguments + " >'" + out.string() +
                              "' 2>'" + err.string() + "'";
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

}  // namespace attnscope::test
