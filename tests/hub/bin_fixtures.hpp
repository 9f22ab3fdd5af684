#pragma once
// The pytorch_model.bin test data, written by make_bin_fixtures.py (Debian's python3-torch)
// into the build tree the first time a test needs it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "support/fixtures.hpp"

namespace attnscope::test {

// Where a malicious pickle would create a file if anything from it ever ran.
inline std::filesystem::path bin_marker() { return scratch_dir() / "bin-fixtures-payload-ran"; }

inline std::filesystem::path bin_fixtures() {
  auto dir = scratch_dir() / "bin-fixtures";
  if (!std::filesystem::is_directory(dir)) {
    std::string command = "/usr/bin/python3 '" +
                          (source_dir() / "tests/hub/make_bin_fixtures.py").string() + "' '" +
                          (fixtures_dir() / "models").string() + "' '" + dir.string() + "' '" +
                          bin_marker().string() + "'";
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
  }
  return dir;
}

}  // namespace attnscope::test
