#include "core/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace attnscope {

namespace {
bool g_quiet = false;

std::string human(double value) {
  char buf[32];
  if (value >= 1e9) std::snprintf(buf, sizeof buf, "%.1fG", value / 1e9);
  else if (value >= 1e6) std::snprintf(buf, sizeof buf, "%.1fM", value / 1e6);
  else if (value >= 1e3) std::snprintf(buf, sizeof buf, "%.1fk", value / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f", value);
  return buf;
}
}  // namespace

bool ProgressBar::enabled() { return !g_quiet && ::isatty(STDERR_FILENO); }
void ProgressBar::set_quiet(bool quiet) { g_quiet = quiet; }

ProgressBar::ProgressBar(std::string label, std::size_t total, std::string unit)
    : label_(std::move(label)), unit_(std::move(unit)), total_(total), active_(enabled()),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {
  draw(true);
}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::advance(std::size_t by) { set(done_ + by); }

void ProgressBar::set(std::size_t done) {
  done_ = done;
  draw(false);
}

void ProgressBar::set(std::size_t done, std::size_t secondary, const std::string& secondary_unit) {
  secondary_ = secondary;
  secondary_unit_ = secondary_unit;
  set(done);
}

void ProgressBar::finish() {
  if (finished_) return;
  draw(true);
  if (active_) std::fputc('\n', stderr);
  finished_ = true;
}

void ProgressBar::draw(bool force) {
  if (!active_ || finished_) return;
  auto now = std::chrono::steady_clock::now();
  if (!force && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  double seconds = std::chrono::duration<double>(now - start_).count();
  double rate = seconds > 0 ? done_ / seconds : 0;
  std::string line = "\r" + label_ + " ";
  if (total_ > 0) {
    constexpr int width = 30;
    int filled = static_cast<int>(width * std::min<double>(1.0, double(done_) / total_));
    line += "[" + std::string(filled, '#') + std::string(width - filled, '.') + "] ";
    line += human(done_) + "/" + human(total_) + unit_;
    if (rate > 0 && done_ < total_) {
      char eta[32];
      std::snprintf(eta, sizeof eta, " eta %.0fs", (total_ - done_) / rate);
      line += eta;
    }
  } else {
    line += human(done_) + unit_;
  }
  line += " " + human(rate) + unit_ + "/s";
  if (!secondary_unit_.empty() && seconds > 0)
    line += " " + human(secondary_ / seconds) + secondary_unit_ + "/s";
  line += "\x1b[K";
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

}  // namespace attnscope
