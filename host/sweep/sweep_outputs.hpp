// Outputs a sweep can study, computed for each design point from its run state. Mean-type
// outputs have one value per trial (so common random numbers can be paired trial by trial);
// the 1-in-200 losses are quantiles of the period losses.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/run/run_state.hpp"
#include "host/sweep/sweep_spec.hpp"

namespace orb {

struct OutputDef {
  std::string name;
  bool per_trial = true;  // false: a quantile of the year loss table
  std::string units;
  std::string long_name;
  // internals
  int what = 0;
  double level = 0.0;
};

// Throws std::invalid_argument listing the names that exist.
OutputDef parse_output(const std::string& name, Model model);

// Period losses (policy years of each trial, trial after trial) of a quantile output, and the
// quantile itself from them.
std::vector<double> period_losses(const OutputDef& d, const RunState& s);
double quantile_of_periods(const OutputDef& d, std::vector<double> periods);

// Per-trial values of a per_trial output.
std::vector<double> per_trial_values(const OutputDef& d, const RunState& s, int policy_years);

struct Estimate {
  double value = 0.0;
  double sem = 0.0;
};
Estimate estimate(const OutputDef& d, const RunState& s, int policy_years, uint64_t seed, int bootstrap);
Estimate mean_and_sem(const std::vector<double>& x);

}  // namespace orb
