#include "render_run.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "support/fixtures.hpp"

namespace attnscope::test {

namespace {
std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
}  // namespace

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("attnscope-render-cli-" + std::to_string(::getpid())) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

RunResult run_attnscope(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
  auto out = cwd / ".stdout", err = cwd / ".stderr";
  std::string cmd = "cd " + quote(cwd.string()) + " && " + quote(binary().string());
  for (const auto& a : args) cmd += " " + quote(a);
  cmd += " >" + quote(out.string()) + " 2>" + quote(err.string());
  int status = std::system(cmd.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return r;
}

void expect_one_line_failures(const std::vector<FailingRun>& runs,
                              const std::filesystem::path& cwd) {
  for (const FailingRun& run : runs) {
    const RunResult result = run_attnscope(run.args, cwd);
    EXPECT_EQ(result.exit_code, run.exit_code) << run.message << "\n" << result.err;
    EXPECT_NE(result.err.find(run.message), std::string::npos) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  }
}

}  // namespace attnscope::test
