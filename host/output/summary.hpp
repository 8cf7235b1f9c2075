// Human-readable summaries printed by `orbitrisk run` (results) and `orbitrisk validate`
// (derived quantities of the configuration, no sampling).
#pragma once

#include <ostream>

#include "host/config/config.hpp"
#include "host/run/run.hpp"
#include "host/scenario/scenario.hpp"
#include "host/run/tally.hpp"

namespace orb {

// `validate` warns from this R0 up: below 1 a breakup chain dies out, but its mean length
// 1 / (1 - R0) and its tail grow fast as R0 nears 1.
constexpr double kR0WarnLevel = 0.5;

void print_run_summary(std::ostream& os, const Config& cfg, const Tally& t, const RunStats& s,
                       const std::vector<double>& ylt);
void print_validation(std::ostream& os, const Config& cfg, const ScenarioData& sc);

}  // namespace orb
