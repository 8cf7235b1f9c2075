// Config -> Scenario: the flat, device-friendly tables the trial code reads (units converted
// to days, names resolved to indices). Built once per run and shared by every backend.
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/record.hpp"
#include "kernels/scenario.hpp"
#include "host/config/config.hpp"

namespace orb {

// Room for a trial's elastic buffers (capacity events, fragment clouds). Tier 0 is sized for the
// expected counts with a margin (host/scenario_room.cpp); each later tier has 16 times more, and
// the last one the exact worst-case bounds. A trial that outgrows its tier is run again at the
// next (kTrialNeedsRoom): the room never changes a result, only memory and time.
struct Room {
  int32_t max_events;       // capacity events of the satellites that leave during the event loop
  int32_t events_per_slot;  // capacity events of each survivor (replay chunks)
  int32_t max_clouds;
};

struct ScenarioData {
#define ORB_SCENARIO_VECTOR(type, name, comment) std::vector<type> name;
  ORB_SCENARIO_TABLES(ORB_SCENARIO_VECTOR)
#undef ORB_SCENARIO_VECTOR
  std::vector<int> used_cells;         // model cell index of each used cell
  ScenarioView dims{};  // scalar part; pointers are filled in by view()
  RecordLayout layout{};
  std::vector<Room> rooms;  // from the expected counts to the worst case

  // A view whose pointers refer to this object's host vectors, with the room of `tier`.
  ScenarioView view(int tier = 0) const;
  // Just the scalar part (no pointers), with the room of `tier`.
  ScenarioView dims_at(int tier) const;
  // Bin edges (days), n_bins + 1 of them.
  std::vector<double> bin_edges() const;
  // Bytes of one trial's workspace (kernels/workspace.hpp) at a room tier.
  size_t workspace_bytes(int tier = 0) const;
};

// Fraction of a breakup's fragments that lands in each model cell (MODEL.md: e^{-|Δc|/L},
// normalised over all cells).
std::vector<double> spread_from(const DebrisConfig& d, int from_cell);
// Flux per m² per day that one fragment in `cell` gives a target moving at speed_km_s.
double flux_per_fragment_per_day(const DebrisConfig& d, int cell, double speed_km_s);
// Fragment lifetime (days) of a size class at a model cell's centre.
double fragment_lifetime_days(const DebrisConfig& d, int cell, int debris_class);

ScenarioData build_scenario(const Config& cfg, uint64_t seed);

// The room tiers of a built scenario, from its expected counts up to `worst`.
std::vector<Room> room_tiers(const Config& cfg, const ScenarioData& sd, Room worst);

}  // namespace orb
