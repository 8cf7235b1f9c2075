// What a replenishment policy needs in the long run (MODEL.md section 6), without sampling:
// for `orbitrisk validate`.
#pragma once

#include <ostream>
#include <vector>

#include "host/config/config.hpp"
#include "host/scenario/scenario.hpp"

namespace orb {

struct ReplenishmentNeed {
  std::vector<double> mission_replacements;   // per shell: expected replacements over the mission
  std::vector<double> replacements_per_year;  // per shell, their mission average per year
  double launches_per_year = 0.0;             // all shells: launches per year, failed ones re-flown
  std::vector<double> mean_life_days;         // per shell: E[satellite life] (attrition)
  double steady_launches_per_year = 0.0;      // long run: positions / (E[life] + lead), re-flown
};

// E[life] of a satellite from the attrition closed forms: ∫ S(t) dt to 10,000 years.
double mean_life_days(const ClassConfig& c);

// Expected replacements per position over [0, mission_days]: a renewal process in which each
// satellite holds the position for its life (attrition: bus and GPUs, fresh clocks) and the
// position then waits lead_days for its replacement (spares, caps and failed launches aside).
// Solved on a one-day grid: u(t) = f(t - L) + Σ_s u(s) f(t - s - L).
double expected_replacements_per_position(const ClassConfig& c, double lead_days, double mission_days);

ReplenishmentNeed replenishment_need(const Config& cfg);

void print_replenishment_validation(std::ostream& os, const Config& cfg, const ScenarioData& sc);

}  // namespace orb
