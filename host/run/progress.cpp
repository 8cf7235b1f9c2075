#include "host/run/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace orb {

namespace {
double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}
}  // namespace

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds)) return "?";
  seconds = std::max(seconds, 0.0);
  const long s = std::lround(seconds);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  return buf;
}

Progress::Mode Progress::choose(bool forced) {
  if (isatty(STDERR_FILENO)) return Mode::kTerminal;
  return forced ? Mode::kLines : Mode::kOff;
}

Progress::Progress(uint64_t total, Mode mode, std::string what, uint64_t already_done)
    : total_(total), already_(already_done), mode_(mode), what_(std::move(what)),
      start_(std::chrono::steady_clock::now()), last_(start_) {}

std::string Progress::line(double done, double seconds) const {
  // the rate counts this process's work only, so a resumed run's ETA is not optimistic
  const double own = std::max(0.0, done - static_cast<double>(already_));
  const double rate = seconds > 0 ? own / seconds : 0.0;
  const double eta = rate > 0 ? (static_cast<double>(total_) - done) / rate : INFINITY;
  // trials that take minutes each show their fractions and a rate per hour
  const bool slow = rate > 0.0 && rate < 1.0;
  char count[64], speed[64], buf[256];
  if (done == std::floor(done)) std::snprintf(count, sizeof count, "%.0f", done);
  else std::snprintf(count, sizeof count, "%.2f", done);
  if (slow) std::snprintf(speed, sizeof speed, "%.2f %s/h", rate * 3600.0, what_.c_str());
  else std::snprintf(speed, sizeof speed, "%.0f %s/s", rate, what_.c_str());
  std::snprintf(buf, sizeof buf, "%s%s/%llu %s (%.1f%%)  %s  elapsed %s  ETA %s", label_.c_str(), count,
                static_cast<unsigned long long>(total_), what_.c_str(), total_ ? 100.0 * done / total_ : 100.0, speed,
                format_duration(seconds).c_str(), format_duration(eta).c_str());
  return buf;
}

void Progress::update(uint64_t whole, double partial) {
  if (mode_ == Mode::kOff) return;
  const double done = static_cast<double>(whole) + std::clamp(partial, 0.0, 0.999);
  const double interval = mode_ == Mode::kTerminal ? 0.2 : 10.0;
  if (since(last_) < interval && whole < total_) return;
  last_ = std::chrono::steady_clock::now();
  if (mode_ == Mode::kTerminal) std::fprintf(stderr, "\r\033[K%s", line(done, since(start_)).c_str());
  else std::fprintf(stderr, "progress: %s\n", line(done, since(start_)).c_str());
  std::fflush(stderr);
}

void Progress::finish() {
  if (mode_ == Mode::kTerminal) std::fprintf(stderr, "\n");
}

}  // namespace orb
