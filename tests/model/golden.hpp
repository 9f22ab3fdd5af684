#pragma once
// Helpers of the model golden tests: the golden files, the generated checkpoints, and
// comparisons that report where the largest difference is.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "io/json_file.hpp"
#include "io/safetensors.hpp"
#include "model/model.hpp"
#include "support/fixtures.hpp"

namespace attnscope::test {

// Builds the generated checkpoints (scripts/make-checkpoints) once, under a lock, and returns
// the folder of `name` in the scratch folder.
inline std::filesystem::path generated_checkpoint(const std::string& name, bool tiny_only) {
  std::string command = "'" + (source_dir() / "scripts" / "make-checkpoints").string() + "' '" +
                        scratch_dir().string() + "'" + (tiny_only ? " --tiny-only" : "");
  if (!std::filesystem::exists(scratch_dir() / name / "model.safetensors")) {
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
  }
  return scratch_dir() / name;
}

inline nlohmann::json manifest_entries(const std::string& group) {
  return io::read_json_file(golden_dir() / "manifest.json")["entries"][group];
}

// One text, unpadded.
inline Batch single_batch(const std::vector<int64_t>& ids, const std::vector<int64_t>& types = {}) {
  Batch batch;
  batch.size = 1;
  batch.seq_len = static_cast<int>(ids.size());
  batch.ids.assign(ids.begin(), ids.end());
  batch.type_ids.assign(types.begin(), types.end());
  batch.lengths = {batch.seq_len};
  return batch;
}

// Largest |a - b|; also fails the test when the sizes differ.
inline double max_abs_diff(std::span<const float> a, std::span<const float> b) {
  EXPECT_EQ(a.size(), b.size());
  if (a.size() != b.size()) return INFINITY;
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    double d = std::fabs(static_cast<double>(a[i]) - b[i]);
    if (!(d <= worst)) worst = d;  // NaN counts as a failure too
  }
  return worst;
}

}  // namespace attnscope::test
