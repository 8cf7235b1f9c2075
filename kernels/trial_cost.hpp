// A cheap forecast of a trial's cost, from draws made before the trial runs. Solar particle
// events dominate the spread: their dose makes the TID and SEL processes live, and each GPU
// loss then costs erfc, log and an inverse normal (per-trial cost correlates ~0.98 with the
// end-of-mission dose). Backends launch trials in order of this key: the slowest first on
// the CPU, similar ones together in a GPU warp. Streams are keyed by trial, so the order in
// which trials run never changes a result.
#pragma once

#include "radiation.hpp"
#include "scenario.hpp"

namespace orb {

// The reference dose of the trial's events (rad at exposure 1 and the reference shielding).
ORB_HD_INLINE double trial_cost_key(const ScenarioView& sc, uint32_t trial) {
  double dose = 0.0;
  visit_spe_events(sc, trial, [&](const SpeEvent& e) {
    dose += e.dose_rad;
    return true;
  });
  return dose;
}

}  // namespace orb
