// Progress for long runs: a self-updating line (trials, rate, ETA) on a terminal; nothing
// in logs unless asked for, and then one plain line every few seconds.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace orb {

class Progress {
 public:
  enum class Mode { kOff, kTerminal, kLines };
  // --progress forces lines when stderr is not a terminal; a terminal always gets the line.
  static Mode choose(bool forced);

  // `already_done`: of `total`, done before this process started (a resumed run).
  Progress(uint64_t total, Mode mode, std::string what = "trials", uint64_t already_done = 0);
  // `partial`: how much of the trials after `done` is done too (long trials, 0 otherwise).
  void update(uint64_t done, double partial = 0.0);
  void set_label(std::string label) { label_ = std::move(label); }  // shown before the counts
  void finish();

 private:
  std::string line(double done, double seconds) const;

  uint64_t total_;
  uint64_t already_;
  Mode mode_;
  std::string what_;
  std::string label_;
  std::chrono::steady_clock::time_point start_, last_;
};

std::string format_duration(double seconds);

}  // namespace orb
