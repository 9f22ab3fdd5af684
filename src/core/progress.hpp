#pragma once
// A progress bar on stderr, drawn only when stderr is a terminal (quiet in pipes, logs and CI).
#include <chrono>
#include <cstddef>
#include <string>

namespace attnscope {

class ProgressBar {
 public:
  // `total` of 0 means unknown (shows a count and rate instead of a bar).
  ProgressBar(std::string label, std::size_t total, std::string unit = "");
  ~ProgressBar();
  void advance(std::size_t by = 1);
  void set(std::size_t done);
  // The same with a second count shown as its rate too (a corpus's tokens next to its documents).
  void set(std::size_t done, std::size_t secondary, const std::string& secondary_unit);
  void finish();
  static bool enabled();  // stderr is a terminal and the user did not ask for quiet
  static void set_quiet(bool quiet);

 private:
  void draw(bool force);
  std::string label_, unit_;
  std::size_t total_, done_ = 0, secondary_ = 0;
  std::string secondary_unit_;
  bool finished_ = false, active_;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace attnscope
