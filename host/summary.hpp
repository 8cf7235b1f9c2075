// Human-readable summaries printed by `orbitrisk run` (results) and `orbitrisk validate`
// (derived quantities of the configuration, no sampling).
#pragma once

#include <ostream>

#include "config.hpp"
#include "run.hpp"
#include "scenario.hpp"
#include "tally.hpp"

namespace orb {

void print_run_summary(std::ostream& os, const Config& cfg, const Tally& t, const RunStats& s,
                       const std::vector<double>& ylt);
void print_validation(std::ostream& os, const Config& cfg, const ScenarioData& sc);

}  // namespace orb
