#pragma once
// Runs the attnscope binary the way a user does and captures what they would see.
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
  std::string out, err;
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// `args` is appended to the binary's path as shell words (quote them yourself).
inline RunResult run_attnscope(const std::string& args, const std::filesystem::path& work_dir) {
  auto out = work_dir / "stdout.txt", err = work_dir / "stderr.txt";
  std::string command = "cd '" + work_dir.string() + "' && '" + binary().string() + "' " + args +
                        " > '" + out.string() + "' 2> '" + err.string() + "'";
  int status = std::system(command.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

}  // namespace attnscope::test
