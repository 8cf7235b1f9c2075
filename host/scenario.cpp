#include "scenario.hpp"

#include <algorithm>

namespace orb {

namespace {

ClassParams compile_class(const ClassConfig& c, std::vector<SubsystemParams>& subsystems) {
  ClassParams p{};
  p.gpus = c.gpus;
  p.gpus_required = c.gpus_required;
  p.min_gpus_operating = c.min_gpus_operating;
  p.bus_shape = c.bus.shape;
  p.bus_scale_days = c.bus.scale_years * kDaysPerYear;
  p.subsystem_begin = static_cast<int32_t>(subsystems.size());
  p.subsystem_count = static_cast<int32_t>(c.subsystems.size());
  for (const auto& s : c.subsystems)
    subsystems.push_back(SubsystemParams{s.shape, s.scale_years * kDaysPerYear, s.k, s.n});
  p.gpu_shape = c.gpu.shape;
  p.gpu_scale_days = c.gpu.scale_years * kDaysPerYear;
  p.gpu_acceleration = c.gpu.acceleration;
  p.terminals_count = c.optical_terminals.enabled ? c.optical_terminals.count : 0;
  p.terminals_required = c.optical_terminals.required;
  p.terminal_shape = c.optical_terminals.shape;
  p.terminal_scale_days = c.optical_terminals.scale_years * kDaysPerYear;
  return p;
}

// Capacity drops one satellite can cause: one per GPU lost between K and min_gpus_operating,
// one for its loss, one for a disconnection.
long max_events_per_satellite(const ClassParams& c) {
  return std::max(c.gpus_required - c.min_gpus_operating, 0) + 2;
}

}  // namespace

ScenarioData build_scenario(const Config& cfg, uint64_t seed) {
  ScenarioData d;
  for (const auto& c : cfg.classes) d.classes.push_back(compile_class(c, d.subsystems));
  int32_t slot = 0;
  long max_events = 0;
  for (const auto& s : cfg.shells) {
    d.shells.push_back(ShellParams{s.satellites, s.class_index, slot, 0});
    slot += s.satellites;
    max_events += s.satellites * max_events_per_satellite(d.classes[s.class_index]);
  }
  const long capacity = cfg.capacity_total();
  for (double th : cfg.output.capacity_thresholds)
    d.threshold_levels.push_back(th * static_cast<double>(capacity));

  ScenarioView& v = d.dims;
  v.n_shells = static_cast<int32_t>(d.shells.size());
  v.n_classes = static_cast<int32_t>(d.classes.size());
  v.n_subsystems = static_cast<int32_t>(d.subsystems.size());
  v.n_thresholds = static_cast<int32_t>(d.threshold_levels.size());
  v.n_slots = slot;
  v.n_bins = cfg.n_bins();
  v.max_events = static_cast<int32_t>(std::min<long>(max_events, 0x7fffffff));
  v.capacity_total = static_cast<int32_t>(capacity);
  v.mission_days = cfg.mission_days();
  v.bin_days = cfg.output.bin_days;
  v.seed = seed;
  d.layout = make_record_layout(v.n_bins, v.n_shells, v.n_thresholds);
  return d;
}

ScenarioView ScenarioData::view() const {
  ScenarioView v = dims;
  v.shells = shells.data();
  v.classes = classes.data();
  v.subsystems = subsystems.data();
  v.threshold_levels = threshold_levels.data();
  return v;
}

std::vector<double> ScenarioData::bin_edges() const {
  std::vector<double> e;
  for (int b = 0; b <= dims.n_bins; ++b) e.push_back(bin_edge(dims, b));
  return e;
}

}  // namespace orb
