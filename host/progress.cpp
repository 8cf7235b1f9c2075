#include "progress.hpp"

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

std::string Progress::line(uint64_t done, double seconds) const {
  // the rate counts this process's work only, so a resumed run's ETA is not optimistic
  const double rate = seconds > 0 ? static_cast<double>(done - std::min(done, already_)) / seconds : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : INFINITY;
  char buf[224];
  std::snprintf(buf, sizeof buf, "%s%llu/%llu %s (%.1f%%)  %.0f %s/s  elapsed %s  ETA %s",
                label_.c_str(), static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_),
                what_.c_str(), total_ ? 100.0 * done / total_ : 100.0, rate, what_.c_str(),
                format_duration(seconds).c_str(), format_duration(eta).c_str());
  return buf;
}

void Progress::update(uint64_t done) {
  if (mode_ == Mode::kOff) return;
  const double interval = mode_ == Mode::kTerminal ? 0.2 : 10.0;
  if (since(last_) < interval && done < total_) return;
  last_ = std::chrono::steady_clock::now();
  if (mode_ == Mode::kTerminal) std::fprintf(stderr, "\r\033[K%s", line(done, since(start_)).c_str());
  else std::fprintf(stderr, "progress: %s\n", line(done, since(start_)).c_str());
  std::fflush(stderr);
}

void Progress::finish() {
  if (mode_ == Mode::kTerminal) std::fprintf(stderr, "\n");
}

}  // namespace orb
