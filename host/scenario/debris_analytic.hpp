// Deterministic debris figures for `orbitrisk validate` (MODEL.md section 3 diagnostics):
// expected hits per year from the background, and what one breakup at t = 0 in a shell's
// cell does over the mission to the constellation as launched, first generation only (the
// cloud's own fragments, targets independent, no other losses): satellites killed and the two
// reproduction numbers R0.
#pragma once

#include <vector>

#include "host/config/config.hpp"

namespace orb {

struct BreakupOutlook {
  double fragments[3] = {};   // one breakup's fragments: >= 3 mm, [1, 10) cm, >= 10 cm
  double kills = 0.0;         // satellites killed by its lethal and catastrophic fragments
  double r0_live = 0.0;       // follow-on breakups of live satellites (lethal hits not counted)
  double r0_derelicts = 0.0;  // with lethal hits: live breakups plus the derelicts its lethal
                              // fragments make and its catastrophic fragments then break up
};

struct ShellDebrisOutlook {
  double hits_per_satellite_year[3] = {};  // background at t = 0, by size class (live)
  BreakupOutlook breakup;                  // a breakup of one of this shell's satellites
};

// `derelicts` false skips r0_derelicts (numerical integrals over every pair of shells; the rest
// is closed form), for callers that need a quick estimate.
std::vector<ShellDebrisOutlook> debris_outlook(const Config& cfg, bool derelicts = true);

// The same first-generation figures for a breakup of `fragments` in model cell `cell`.
BreakupOutlook breakup_outlook(const Config& cfg, int cell, const double fragments[3], bool derelicts = true);

}  // namespace orb
