// Hardware attrition (MODEL.md section 2): bus, GPUs and laser terminals wear out with no
// repair. Failure times are sampled exactly: the bus and terminal k-of-n systems from their
// order statistics, GPU failures one at a time in time order (Rényi's representation of
// ordered exponentials), so a satellite costs as many draws as GPUs it loses in the mission
// plus one, and no sort.
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

// Capacity bookkeeping of one satellite; reports every change to a Sink (static dispatch):
//   sink.capacity_drop(t, gpus)   capacity fell by `gpus` at t
//   sink.left_full(t)             the satellite first dropped below full capacity at t
//   sink.gpu_lost(t, cause)       a GPU was lost while the satellite was alive
//   sink.satellite_lost(t, cause)
template <class Sink>
class SatelliteLife {
 public:
  ORB_HD SatelliteLife(const ClassParams& c, double disconnect_t, Sink& sink)
      : c_(c), sink_(sink), working_(c.gpus), capacity_(c.gpus_required),
        disconnect_t_(disconnect_t) {}

  ORB_HD_INLINE int working() const { return working_; }

  // Apply a pending disconnection that happens before t.
  ORB_HD_INLINE void advance_to(double t) {
    if (connected_ && disconnect_t_ < t) {
      connected_ = false;
      set_capacity(disconnect_t_, 0);
    }
  }

  // A working GPU fails at t; returns false when that ends the satellite.
  ORB_HD_INLINE bool lose_gpu(double t, int gpu_cause, int sat_cause) {
    advance_to(t);
    sink_.gpu_lost(t, gpu_cause);
    --working_;
    if (working_ < c_.min_gpus_operating) {
      lose(t, sat_cause);
      return false;
    }
    set_capacity(t, connected_ ? hd_min(working_, c_.gpus_required) : 0);
    return true;
  }

  ORB_HD_INLINE void lose(double t, int sat_cause) {
    advance_to(t);
    set_capacity(t, 0);
    sink_.satellite_lost(t, sat_cause);
  }

 private:
  ORB_HD_INLINE void set_capacity(double t, int new_capacity) {
    if (new_capacity >= capacity_) return;
    if (capacity_ == c_.gpus_required) sink_.left_full(t);
    sink_.capacity_drop(t, capacity_ - new_capacity);
    capacity_ = new_capacity;
  }

  const ClassParams& c_;
  Sink& sink_;
  int working_;
  int capacity_;
  double disconnect_t_;
  bool connected_ = true;
};

// One satellite's whole mission under attrition alone.
template <class Sink>
ORB_HD void simulate_satellite_attrition(const ScenarioView& sc, const ClassParams& c,
                                         uint32_t trial, uint32_t slot, Sink& sink) {
  const double t_end = sc.mission_days;
  const double bus_t = sample_bus_failure(sc, c, trial, slot);
  SatelliteLife<Sink> life(c, sample_disconnection(sc, c, trial, slot), sink);
  const double horizon = hd_min(bus_t, t_end);

  RngStream rng(sc.seed, trial, Purpose::kGpu, slot);
  double hazard = 0.0;
  while (life.working() > 0) {
    hazard += sample_exp1(rng) / static_cast<double>(life.working());
    const double t = weibull_hazard_inverse(hazard, c.gpu_shape, c.gpu_scale_days,
                                            c.gpu_acceleration);
    if (!(t < horizon)) break;
    if (!life.lose_gpu(t, kGpuAttrition, kSatGpuAttrition)) return;
  }
  if (bus_t < t_end) {
    life.lose(bus_t, kSatBus);
    return;
  }
  life.advance_to(t_end);
}

}  // namespace orb
