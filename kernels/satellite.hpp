// One satellite's state during a trial. Its GPU losses form a timeline that is computed ahead
// (attrition alone touches nobody else) and recomputed only when a debris hit removes a GPU:
// the trial's event queue then holds one entry per satellite, its death, instead of one per
// GPU failure.
//
// The W working GPUs are identical and of the same age, so they need no identities: the next
// attrition failure is at GPU hazard level h + Exp(1)/W, and when a debris hit removes a GPU
// first, the pending residual level is rescaled by W/(W-1) (memorylessness keeps this exact
// and keeps the draws coupled across parameter changes: a recomputed timeline reuses the same
// Exp(1) draws in the same order).
#pragma once

#include "attrition.hpp"
#include "causes.hpp"
#include "philox.hpp"
#include "scenario.hpp"

namespace orb {

enum SatStatus : uint8_t { kSatLive = 0, kSatDerelict = 1, kSatGone = 2 };

struct SatState {
  double bus_t;         // bus failure time
  double disconnect_t;  // laser-link loss time (kInfinity without terminals)
  double death_t;       // when the satellite is lost, as things stand (kInfinity: not in the mission)
  int32_t death_cause;  // SatelliteCause, valid when death_t < kInfinity
  int32_t n_losses;     // GPU losses in its timeline
  int32_t list_pos;     // position in its shell's live or derelict list
  int32_t shell;
  uint8_t status;
  uint8_t pad_[7];
};

// A satellite's GPU-loss timeline: times in increasing order and their GpuCause.
struct Timeline {
  Strided<double> t;
  Strided<uint8_t> cause;
};

ORB_HD_INLINE Timeline timeline_of(const ScenarioView& sc, Strided<double> t, Strided<uint8_t> cause,
                                   int shell, int slot) {
  const ShellParams& sh = sc.shells[shell];
  const int offset = sh.first_entry + (slot - sh.first_slot) * sc.classes[sh.class_index].gpus;
  return Timeline{t + offset, cause + offset};
}

// Working GPUs just before t.
ORB_HD_INLINE int working_at(const ClassParams& c, const SatState& s, const Timeline& tl, double t) {
  int lost = 0;
  while (lost < s.n_losses && tl.t[lost] < t) ++lost;
  return c.gpus - lost;
}

// Recomputes the timeline up to `horizon` from the satellite's GPU stream, keeping the debris
// losses already in it (their times are fixed by the hits). The first `known` entries are
// unchanged by whatever prompted the rebuild, so they are replayed for their draws without
// recomputing their times. `kills` is scratch for max_gpus times. Sets n_losses and, when the
// GPUs fall below min_gpus_operating, death_t and cause.
ORB_HD_INLINE void build_timeline(const ScenarioView& sc, const ClassParams& c, uint32_t trial,
                                  uint32_t slot, double horizon, int known, SatState& s, Timeline tl,
                                  Strided<double> kills) {
  int n_kills = 0;
  for (int i = known; i < s.n_losses; ++i)
    if (tl.cause[i] == kGpuDebrisDamage) kills[n_kills++] = tl.t[i];
  RngStream rng(sc.seed, trial, Purpose::kGpu, slot);
  int w = c.gpus;
  double hazard = sample_exp1(rng) / w;
  for (int i = 0; i < known; ++i) {  // replay: the pending failure or a kill, as recorded
    --w;
    if (tl.cause[i] == kGpuDebrisDamage) {
      const double now = gpu_hazard_at(c, tl.t[i]);
      hazard = now + (hazard - now) * static_cast<double>(w + 1) / w;
    } else {
      hazard += sample_exp1(rng) / w;
    }
  }
  int n = known, k = 0;
  double next = gpu_failure_time(c, hazard);
  for (;;) {
    const bool is_kill = k < n_kills && kills[k] < next;
    const double t = is_kill ? kills[k] : next;
    if (!(t < horizon)) break;
    tl.t[n] = t;
    tl.cause[n++] = static_cast<uint8_t>(is_kill ? kGpuDebrisDamage : kGpuAttrition);
    if (--w < c.min_gpus_operating) {
      s.death_t = t;
      s.death_cause = kSatGpuAttrition;  // MODEL.md: GPU losses below the line are gpu_attrition
      break;
    }
    if (is_kill) {
      ++k;
      const double now = gpu_hazard_at(c, t);
      hazard = now + (hazard - now) * static_cast<double>(w + 1) / w;
    } else {
      hazard += sample_exp1(rng) / w;
    }
    next = gpu_failure_time(c, hazard);
  }
  s.n_losses = n;
}

// Time and cause of the satellite's loss from its own hardware: bus, or the GPU timeline.
// `known`: leading timeline entries that stay as they are.
ORB_HD_INLINE void sat_plan(const ScenarioView& sc, const ClassParams& c, uint32_t trial,
                            uint32_t slot, int known, SatState& s, Timeline tl, Strided<double> kills) {
  s.death_t = kInfinity;
  const double horizon = hd_min(s.bus_t, sc.mission_days);
  build_timeline(sc, c, trial, slot, horizon, known, s, tl, kills);
  if (s.death_t == kInfinity && s.bus_t < sc.mission_days) {
    s.death_t = s.bus_t;
    s.death_cause = kSatBus;
  }
}

ORB_HD_INLINE void sat_init(const ScenarioView& sc, const ClassParams& c, uint32_t trial, uint32_t slot,
                            int shell, SatState& s, Timeline tl, Strided<double> kills) {
  s.bus_t = sample_bus_failure(sc, c, trial, slot);
  s.disconnect_t = sample_disconnection(sc, c, trial, slot);
  s.n_losses = 0;
  s.list_pos = 0;
  s.shell = shell;
  s.status = kSatLive;
  sat_plan(sc, c, trial, slot, 0, s, tl, kills);
}

// Capacity bookkeeping of one satellite, replayed from its final timeline when it leaves the
// constellation (or the mission ends); reports every change to a Sink (static dispatch):
//   sink.capacity_drop(t, gpus, shell)   capacity fell by `gpus` at t
//   sink.left_full(t, shell)             first drop below full capacity
//   sink.gpu_lost(t, cause)              a GPU lost while the satellite was alive
//   sink.satellite_lost(t, cause, shell)
template <class Sink>
ORB_HD void replay_satellite(const ClassParams& c, const SatState& s, const Timeline& tl, double end,
                             Sink& sink) {
  int capacity = c.gpus_required, working = c.gpus;
  bool connected = true;
  const auto set_capacity = [&](double t, int value) {
    if (value >= capacity) return;
    if (capacity == c.gpus_required) sink.left_full(t, s.shell);
    sink.capacity_drop(t, capacity - value, s.shell);
    capacity = value;
  };
  const auto disconnect_before = [&](double t) {
    if (connected && s.disconnect_t < t) connected = false, set_capacity(s.disconnect_t, 0);
  };
  for (int i = 0; i < s.n_losses; ++i) {
    const double t = tl.t[i];
    disconnect_before(t);
    sink.gpu_lost(t, tl.cause[i]);
    --working;
    set_capacity(t, connected ? hd_min(working, c.gpus_required) : 0);
  }
  if (s.death_t < end) {
    disconnect_before(s.death_t);
    set_capacity(s.death_t, 0);
    sink.satellite_lost(s.death_t, s.death_cause, s.shell);
  } else {
    disconnect_before(end);
  }
}

}  // namespace orb
