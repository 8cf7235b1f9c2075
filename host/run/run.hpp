// Run orchestration: trials in batches on a backend, records folded into the run state on the
// host (threads over trials, exact sums), progress, checkpoints, and the stopping rules.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "host/run/backend.hpp"
#include "host/run/progress.hpp"
#include "host/run/run_state.hpp"
#include "host/scenario/scenario.hpp"
#include "host/run/tally.hpp"

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
  uint64_t reruns = 0;  // trials run again with more room (kTrialNeedsRoom)
};

// Outputs a --target-rse rule can watch, and their current relative standard error.
const std::vector<std::string>& rse_targets();
double relative_standard_error(const RunState& s, const std::string& target);

enum class StopReason { kCompleted, kTargetRse, kTimeBudget, kInterrupted };
const char* stop_reason_name(StopReason r);

struct RunControl {
  double checkpoint_every_s = 0.0;                   // 0: never
  std::function<void(const RunState&)> checkpoint;   // writes it (atomically)
  double time_budget_s = 0.0;                        // 0: none; counted over resumptions
  double target_rse = 0.0;                           // 0: none
  std::vector<std::string> targets;                  // rse_targets() names
  uint64_t check_every = 1000;  // rules are evaluated at multiples of this many trials only,
                                // so where a run stops does not depend on batch sizes
  const std::atomic<int>* stop_signal = nullptr;     // set by SIGINT/SIGTERM handlers
};

// Runs the trials [state.next_trial, state.end) until done or a rule stops it.
StopReason run_trials(const ScenarioData& sc, Backend& backend, RunState& state, const RunOptions& opt,
                      const RunControl& control, Progress& progress, RunStats* stats);

// Simple form for tests and tools: all `opt.trials` trials from trial 0, no rules, no
// checkpoints.
RunState run_all(const ScenarioData& sc, Backend& backend, const RunOptions& opt, bool keep_trials,
                 Progress& progress, RunStats* stats = nullptr);

}  // namespace orb
