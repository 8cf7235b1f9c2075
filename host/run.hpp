// Run orchestration: trials in batches on a backend, records folded into a Tally on the host
// (threads over trials, exact sums), optional per-trial summaries, progress.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "backend.hpp"
#include "progress.hpp"
#include "scenario.hpp"
#include "tally.hpp"

namespace orb {

struct RunOptions {
  uint64_t trials = 10000;
  int threads = 0;      // host reduction threads (and CPU backend threads); 0: all
  uint32_t batch = 0;   // trials per backend call; 0: the backend's preference
};

struct RunStats {
  double seconds = 0.0;
  double trials_per_second = 0.0;
  std::string backend;
  std::string device;
};

// Called after each batch with the first trial's index and one summary per trial, in order.
using KeepTrialsFn = std::function<void(uint64_t first, const std::vector<TrialSummary>&)>;

// `ylt`, when given, receives every trial's year-loss-table rows (policy years × YltColumn),
// in trial order: the exact input of the exceedance curves.
Tally run_trials(const ScenarioData& sc, Backend& backend, const RunOptions& opt,
                 Progress& progress, const KeepTrialsFn& keep, RunStats* stats,
                 std::vector<double>* ylt = nullptr);

}  // namespace orb
