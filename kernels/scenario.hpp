// The compiled scenario as every backend sees it: flat, constant for a run, and made only
// of plain numbers and pointers so that it can be copied to a GPU unchanged in shape.
// Host code builds it from a validated Config (host/scenario.cpp); nothing here knows TOML.
#pragma once

#include "hd.hpp"

namespace orb {

struct SubsystemParams {
  double shape;
  double scale_days;
  int32_t k;  // units needed
  int32_t n;  // units installed
};

struct ClassParams {
  int32_t gpus;                // G, installed
  int32_t gpus_required;       // K, capacity counts at most K
  int32_t min_gpus_operating;  // below this many working GPUs the satellite is lost
  int32_t subsystem_begin;     // into ScenarioView::subsystems
  int32_t subsystem_count;     // 0: the satellite-level bus Weibull applies
  int32_t terminals_count;     // 0: laser terminals not modelled
  int32_t terminals_required;
  int32_t pad_;
  double bus_shape;
  double bus_scale_days;
  double gpu_shape;
  double gpu_scale_days;
  double gpu_acceleration;  // multiplies the GPU hazard (proportional hazards)
  double terminal_shape;
  double terminal_scale_days;
};

// A shell's satellites live in a block of slots: its `satellites` (the positions that give
// capacity), then its in-orbit spares, then room for replacements (replenishment only). A
// slot whose satellite is gone is reused; random streams follow the satellite (`entity`), not
// the slot, so results do not depend on which slot a replacement lands in.
struct ShellParams {
  int32_t satellites;
  int32_t class_index;
  int32_t first_slot;    // global index of the shell's first slot
  int32_t cell;          // index of the shell's altitude cell among the cells holding shells
  int32_t first_entry;   // offset of the shell's first slot in the GPU-timeline arrays
  int32_t spares;        // in-orbit spares launched with the shell
  int32_t slots;         // slots in the block
  int32_t first_entity;  // stream entity of the shell's first satellite
  int32_t first_spare_entity;
  int32_t first_order;   // offset of the shell's replacement orders (room for `satellites`)
};

// A run of one shell's slots whose survivors are replayed together (pipeline stage 6a). Chunks
// are fixed by the scenario alone, so the order in which floating-point sums combine does not
// depend on threads or backend.
struct ReplayChunk {
  int32_t first_slot;
  int32_t n_slots;
  int32_t shell;
};
constexpr int32_t kReplayChunkSlots = 128;

// Satellites lost at a set time (cause `forced`), in time order.
struct ForcedLoss {
  double time_days;
  int32_t shell;
  int32_t satellites;
};

// MODEL.md section 6, in days; `enabled` 0 leaves every satellite alone as before.
struct ReplenishmentGlobals {
  int32_t enabled;
  int32_t satellites_per_launch;
  int32_t max_replacements;  // replacements one trial can launch (stream entities, buffers)
  int32_t n_years;           // launch-cap years: 365.25 days from t = 0
  double activation_days;
  double lead_days;
  double max_launches_per_year;  // +inf: no cap
  double failure_probability;
  double cost_usd;               // per replacement launched, failed launches included
};

// Stream entities of replacements start here (originals and spares use their own indices).
constexpr uint32_t kReplacementEntityBase = 1u << 26;

// Debris environment of one shell (MODEL.md section 3), in days and m².
struct ShellDebris {
  double background_per_day[3];   // flux per m² per day at t = 0, by DebrisClass
  double flux_per_fragment;       // flux per m² per day from one fragment in the shell's cell
  double area_m2[3];              // live target area by DebrisClass (exposed, vulnerable, vulnerable)
  double derelict_area_m2;        // derelicts' target area for catastrophic objects
  double derelict_lifetime_days;  // mean time to re-entry of a derelict
  double breakup_fragments[3];    // fragments one breakup of a satellite of this shell makes
};

// A breakup imposed by the config (e.g. another operator's satellite at time_days).
struct ForcedBreakup {
  double time_days;
  double fragments[3];
  int32_t cell;
  int32_t pad_;
};

// Radiation environment of one shell (MODEL.md section 4), per GPU, in days.
struct ShellRadiation {
  double seu_per_bit_day;     // behind any shielding (energetic particles penetrate)
  double exposure;            // x: share of an SPE's flux that reaches the shell
  double dose_rate_per_day;   // rad(Si)/day of trapped-particle dose behind the class's shielding
  double event_dose_factor;   // rad per rad-at-reference of an event: x × shielding factor
  double hbm_bits;            // B: stored bits per GPU, ECC included
  double sel_per_gpu_day;
  double tol_ln_median_rad;   // log of the GPU tolerance's median (rad)
  double tol_sigma_ln;
};

struct RadiationGlobals {
  int32_t enabled;
  int32_t spe_enabled;
  int32_t max_spe;  // events one trial can hold (far beyond any plausible count)
  int32_t pad_;
  double mbu_fraction;
  double word_bits;
  double scrub_days;
  double due_downtime_days;
  double sdc_per_gpu_day;
  double spe_base_per_day;  // N / P
  double spe_cycle_days;
  double spe_t_max_days;    // a cycle maximum, in days from mission start
  double spe_modulation;
  double spe_min_pfu;
  double spe_tail_index;
  double spe_max_pfu;
  double spe_reference_pfu;
  double spe_dose_ref_rad;
  double spe_duration_median_days;
  double spe_duration_sigma_ln;
};

// Insurance terms (MODEL.md section 5), in USD and days.
struct LossGlobals {
  int32_t enabled;
  int32_t business_interruption;
  int32_t n_years;  // policy years: 365.25 days from t = 0, the last one possibly shorter
  int32_t pad_;
  double depreciation_days;  // insured values fall straight-line to zero at this age
  double attach_days;        // losses before this date are not insured
  double occurrence_deductible;
  double occurrence_limit;
  double aggregate_deductible;
  double aggregate_limit;
  double share;
};

// Insured values of one shell's satellite class.
struct ShellLoss {
  double value_usd;
  double gpu_value_usd;
  double revenue_usd_per_gpu_day;
};

struct DebrisGlobals {
  int32_t enabled;            // 0: no debris process at all
  int32_t fragments;          // 0: breakups make no clouds (no feedback)
  int32_t second_generation;  // 0: breakups caused by fragments make no clouds
  int32_t lethal_hits;        // 0: lethal-class objects do not hit
  int32_t n_cells;            // cells holding at least one shell
  int32_t n_forced;
  double growth_per_day;  // k = ln(1 + g) / 365.25: the background grows as e^{k t}
  double avoidance;  // ε: live satellites avoid catalogued catastrophic objects
  double catalog_delay_days;
  double conjunctions_per_sat_day;
  double disposal_reliability;
};

// The scenario's tables, declared once: X(type, name, comment). ScenarioView points at them,
// ScenarioData (host/scenario.hpp) owns them, and the CUDA backend uploads and frees them, all
// by walking this list.
#define ORB_SCENARIO_TABLES(X)                                                             \
  X(ShellParams, shells, "[shell]")                                                        \
  X(ClassParams, classes, "[class]")                                                       \
  X(SubsystemParams, subsystems, "[subsystem] of every class, ClassParams::subsystem_begin") \
  X(double, threshold_levels, "[threshold] capacity levels (GPUs) capacity falls below")   \
  X(ShellDebris, shell_debris, "[shell]")                                                  \
  X(double, cell_tau_days, "[cell][DebrisClass] fragment lifetime at the cell centre")     \
  X(double, spread, "[from cell][to cell] fraction of a breakup's fragments")              \
  X(ForcedBreakup, forced, "[forced breakup] in time order")                               \
  X(ShellRadiation, shell_radiation, "[shell]")                                            \
  X(ShellLoss, shell_loss, "[shell]")                                                      \
  X(ForcedLoss, forced_losses, "[forced loss] in time order")                              \
  X(ReplayChunk, replay_chunks, "[chunk] runs of slots replayed together, by shell")

struct ScenarioView {
#define ORB_SCENARIO_POINTER(type, name, comment) const type* name;
  ORB_SCENARIO_TABLES(ORB_SCENARIO_POINTER)
#undef ORB_SCENARIO_POINTER
  int32_t n_shells;
  int32_t n_classes;
  int32_t n_subsystems;
  int32_t n_thresholds;
  int32_t n_slots;
  int32_t n_bins;
  int32_t max_events;      // capacity-change events the event loop's replays have room for (room_tier)
  int32_t events_per_slot; // and each slot's survivor, in its replay chunk's segment
  int32_t capacity_total;  // sum of K over the initial constellation
  int32_t max_clouds;      // breakups a trial has room for (room_tier)
  int32_t timeline_entries;  // sum of G over all satellites: room for every GPU loss
  int32_t max_gpus;          // largest G of any class
  int32_t n_forced_losses;
  int32_t n_positions;       // sum of `satellites` over shells (order rings)
  int32_t n_replay_chunks;
  int32_t has_terminals;     // 1: some class has laser terminals
  int32_t defer_rebuilds;    // 1: debris kills may wait for the parallel rebuild stage (gpu_damage.hpp)
  int32_t room_tier;         // which of ScenarioData::rooms sized max_events and max_clouds
  int32_t last_room_tier;    // the tier with the exact worst-case bounds (nothing overflows)
  DebrisGlobals debris;
  RadiationGlobals radiation;
  LossGlobals losses;
  ReplenishmentGlobals replenish;
  double mission_days;
  double bin_days;
  uint64_t seed;
};

// End of bin b (bins are [edge(b), edge(b+1)); the last one may be shorter).
ORB_HD_INLINE double bin_edge(const ScenarioView& sc, int b) {
  return hd_min(static_cast<double>(b) * sc.bin_days, sc.mission_days);
}

ORB_HD_INLINE int bin_of(const ScenarioView& sc, double t_days) {
  const int b = static_cast<int>(t_days / sc.bin_days);
  return hd_min(hd_max(b, 0), sc.n_bins - 1);
}

}  // namespace orb
