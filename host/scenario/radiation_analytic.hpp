// Deterministic radiation figures for `orbitrisk validate` (MODEL.md section 4): transient
// error rates per GPU, dose and tolerance without events, and the expected solar particle
// events over the mission by NOAA S-level.
#pragma once

#include <vector>

#include "host/config/config.hpp"
#include "host/scenario/scenario.hpp"

namespace orb {

struct ShellRadiationOutlook {
  double due_per_gpu_day = 0.0;        // detected-uncorrectable errors, no events
  double corrected_per_gpu_day = 0.0;  // single-bit upsets ECC corrects, no events
  double unavailability = 0.0;         // DUE downtime share of in-service time, no events
  double dose_end_rad = 0.0;           // at the end of the mission, no events, class shielding
  double past_tolerance = 0.0;         // fraction of GPUs whose tolerance that dose exceeds
  double sel_per_gpu = 0.0;            // expected latch-ups per GPU over the mission, no events
};

struct SpeOutlook {
  double events = 0.0;                 // expected events (S1 or above) over the mission
  double at_least_level[5] = {};       // expected events of at least S1 .. S5
};

std::vector<ShellRadiationOutlook> radiation_outlook(const ScenarioData& sc);
SpeOutlook spe_outlook(const ScenarioData& sc);

// ∫ rate over [0, t] for the cycle-modulated event rate (expected events by day t).
double spe_expected_events(const RadiationGlobals& r, double t_days);
// P(peak flux >= pfu) for the truncated Pareto.
double spe_exceedance(const RadiationGlobals& r, double pfu);

}  // namespace orb
