// Config -> Scenario: the flat, device-friendly tables the trial code reads (units converted
// to days, names resolved to indices). Built once per run and shared by every backend.
#pragma once

#include <cstdint>
#include <vector>

#include "../kernels/record.hpp"
#include "../kernels/scenario.hpp"
#include "config.hpp"

namespace orb {

struct ScenarioData {
#define ORB_SCENARIO_VECTOR(type, name, comment) std::vector<type> name;
  ORB_SCENARIO_TABLES(ORB_SCENARIO_VECTOR)
#undef ORB_SCENARIO_VECTOR
  std::vector<int> used_cells;         // model cell index of each used cell
  ScenarioView dims{};  // scalar part; pointers are filled in by view()
  RecordLayout layout{};

  // A view whose pointers refer to this object's host vectors.
  ScenarioView view() const;
  // Bin edges (days), n_bins + 1 of them.
  std::vector<double> bin_edges() const;
  // Bytes of one trial's workspace (kernels/workspace.hpp).
  size_t workspace_bytes() const;
};

// Fraction of a breakup's fragments that lands in each model cell (MODEL.md: e^{-|Δc|/L},
// normalised over all cells).
std::vector<double> spread_from(const DebrisConfig& d, int from_cell);
// Flux per m² per day that one fragment in `cell` gives a target moving at speed_km_s.
double flux_per_fragment_per_day(const DebrisConfig& d, int cell, double speed_km_s);
// Fragment lifetime (days) of a size class at a model cell's centre.
double fragment_lifetime_days(const DebrisConfig& d, int cell, int debris_class);

ScenarioData build_scenario(const Config& cfg, uint64_t seed);

}  // namespace orb
