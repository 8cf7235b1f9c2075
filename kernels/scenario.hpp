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

struct ShellParams {
  int32_t satellites;
  int32_t class_index;
  int32_t first_slot;  // global index of the shell's first satellite slot
  int32_t pad_;
};

struct ScenarioView {
  const ShellParams* shells;
  const ClassParams* classes;
  const SubsystemParams* subsystems;
  const double* threshold_levels;  // capacity levels (GPUs) that capacity falls strictly below
  int32_t n_shells;
  int32_t n_classes;
  int32_t n_subsystems;
  int32_t n_thresholds;
  int32_t n_slots;
  int32_t n_bins;
  int32_t max_events;      // capacity-change events one trial can produce at most
  int32_t capacity_total;  // sum of K over the initial constellation
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
