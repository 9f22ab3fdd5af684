#pragma once
// Where the shared fixtures are, read in place (never copied into the repo).
#include <filesystem>
#include <string>

namespace attnscope::test {

inline std::filesystem::path shared_dir() { return ATTNSCOPE_SHARED_DIR; }
inline std::filesystem::path fixtures_dir() { return shared_dir() / "fixtures"; }
inline std::filesystem::path model_fixture(const std::string& name) {
  return fixtures_dir() / "models" / name;
}
inline std::filesystem::path golden_dir() { return fixtures_dir() / "golden"; }
inline std::filesystem::path binary() { return ATTNSCOPE_BINARY; }
inline std::filesystem::path source_dir() { return ATTNSCOPE_SOURCE_DIR; }
// A folder under the build tree for large generated test data (full-size checkpoints).
inline std::filesystem::path scratch_dir() { return ATTNSCOPE_TEST_SCRATCH; }

}  // namespace attnscope::test
