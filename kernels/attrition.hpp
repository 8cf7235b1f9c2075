// Hardware attrition (MODEL.md section 2): bus, GPUs and laser terminals wear out with no
// repair. Failure times are sampled exactly: the bus and terminal k-of-n systems from their
// order statistics, GPU failures one at a time in time order (Rényi's representation of
// ordered exponentials; satellite.hpp steps through them), so a satellite costs as many
// draws as GPUs it loses in the mission plus one, and no sort.
#pragma once

#include "causes.hpp"
#include "philox.hpp"
#include "sampling.hpp"
#include "scenario.hpp"

namespace orb {

// Bus failure time (days): the satellite-level Weibull, or, when subsystems are listed, the
// first subsystem to reach its (n - k + 1)-th unit failure.
ORB_HD_INLINE double sample_bus_failure(const ScenarioView& sc, const ClassParams& c,
                                        uint32_t trial, uint32_t slot) {
  RngStream rng(sc.seed, trial, Purpose::kBus, slot);
  if (c.subsystem_count == 0) return sample_weibull(rng, c.bus_shape, c.bus_scale_days);
  double first = kInfinity;
  for (int i = 0; i < c.subsystem_count; ++i) {
    const SubsystemParams& s = sc.subsystems[c.subsystem_begin + i];
    const double t = sample_weibull_order_statistic(rng, s.n, s.n - s.k + 1, s.shape,
                                                    s.scale_days, 1.0);
    first = hd_min(first, t);
  }
  return first;
}

// Time (days) the satellite loses its link: fewer than `required` of `count` terminals work.
ORB_HD_INLINE double sample_disconnection(const ScenarioView& sc, const ClassParams& c,
                                          uint32_t trial, uint32_t slot) {
  if (c.terminals_count == 0) return kInfinity;
  RngStream rng(sc.seed, trial, Purpose::kTerminals, slot);
  return sample_weibull_order_statistic(rng, c.terminals_count,
                                        c.terminals_count - c.terminals_required + 1,
                                        c.terminal_shape, c.terminal_scale_days, 1.0);
}

// Cumulative GPU hazard a (t/η)^β and its inverse.
ORB_HD_INLINE double gpu_hazard_at(const ClassParams& c, double t_days) {
  return c.gpu_acceleration * hd_pow(t_days / c.gpu_scale_days, c.gpu_shape);
}

ORB_HD_INLINE double gpu_failure_time(const ClassParams& c, double hazard) {
  return weibull_hazard_inverse(hazard, c.gpu_shape, c.gpu_scale_days, c.gpu_acceleration);
}

}  // namespace orb
