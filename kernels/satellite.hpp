// One satellite's state during a trial. Its GPU losses form a timeline that is computed ahead
// (attrition alone touches nobody else) and recomputed only when a debris hit removes a GPU:
// the trial's event queue then holds one entry per satellite, its death, instead of one per
// GPU failure.
//
// The W working GPUs are identical and of the same age and environment, so they need no
// identities: for each per-GPU process the next loss among W is at hazard level h + Exp(1)/W,
// and when any loss removes a GPU first, the pending residual levels are rescaled by W/(W-1)
// (memorylessness keeps this exact and keeps the draws coupled across parameter changes: a
// recomputed timeline reuses the same Exp(1) draws in the same order).
#pragma once

#include "attrition.hpp"
#include "causes.hpp"
#include "philox.hpp"
#include "radiation.hpp"
#include "scenario.hpp"

namespace orb {

enum SatStatus : uint8_t { kSatLive = 0, kSatDerelict = 1, kSatGone = 2 };

// What a live satellite does for the constellation (MODEL.md section 6): it holds a position
// and gives capacity, or it is an in-orbit spare, idle or activating to take a position.
enum SatRole : uint8_t { kRoleActive = 0, kRoleIdle = 1, kRoleActivating = 2 };

// A satellite's fields, declared once: X(type, name, condition, default). In per-trial memory
// each is its own array (structure of arrays: the trials of a GPU warp read one field
// together); a field whose condition does not hold for the scenario has no array and reads as
// its default. Conditions may use `rep` (replenishment), `debris` and `terminals` (any class
// has laser terminals); defaults may use `slot`.
#define ORB_SAT_FIELDS(X)                                                                          \
  X(double, bus_t, true, 0.0)              /* bus failure time */                                \
  X(double, disconnect_t, terminals, kInfinity) /* laser-link loss time */                       \
  X(double, death_t, true, kInfinity)      /* when it is lost, as things stand */                \
  X(double, launch_t, rep, 0.0)            /* hardware clocks (bus, terminals, dose) start here */ \
  X(double, wear_t, rep, 0.0)              /* GPU wear starts here (kInfinity: idle spare) */    \
  X(double, born_t, rep, 0.0)              /* it gives capacity from here (kInfinity: never) */  \
  X(double, vacancy_t, rep, kInfinity)     /* activating spare: when its position was lost */    \
  X(uint32_t, entity, rep, static_cast<uint32_t>(slot)) /* its random streams' entity */         \
  X(int32_t, list_pos, true, 0)            /* position in its shell's live or derelict list */   \
  X(int32_t, spare_pos, rep, 0)            /* position in its shell's idle-spare list */         \
  X(int32_t, shell, true, 0)                                                                       \
  X(int32_t, last_damage_chain, debris, -1) /* chain of its latest debris-damage GPU loss */     \
  X(int16_t, n_losses, true, 0)            /* GPU losses in its timeline */                      \
  X(int16_t, deferred, debris && !rep, 0)  /* debris kills not yet in the timeline */            \
  X(uint8_t, pending, true, 0)             /* 1: left, its replay waits for stage 6a */        \
  X(int8_t, death_cause, true, 0)          /* SatelliteCause, valid when death_t < kInfinity */  \
  X(uint8_t, status, true, 0)              /* SatStatus */                                       \
  X(uint8_t, role, rep, kRoleActive)       /* SatRole */                                         \
  X(uint8_t, original, rep, 1)             /* 1: in the constellation at t = 0 */

// One satellite's fields in registers: stages load it, work on it, and store it back.
struct SatState {
#define ORB_SAT_MEMBER(type, name, cond, dflt) type name;
  ORB_SAT_FIELDS(ORB_SAT_MEMBER)
#undef ORB_SAT_MEMBER
};

// The satellites' fields in per-trial memory, one array per field.
struct SatArrays {
#define ORB_SAT_ARRAY(type, name, cond, dflt) Strided<type> name;
  ORB_SAT_FIELDS(ORB_SAT_ARRAY)
#undef ORB_SAT_ARRAY

  // Every field at its default (a satellite not yet set up).
  ORB_HD_INLINE static SatState defaults(int slot) {
    SatState s;
#define ORB_SAT_DEFAULT(type, field, cond, dflt) s.field = static_cast<type>(dflt);
    ORB_SAT_FIELDS(ORB_SAT_DEFAULT)
#undef ORB_SAT_DEFAULT
    return s;
  }
  ORB_HD_INLINE SatState load(int slot) const {
    SatState s;
#define ORB_SAT_LOAD(type, field, cond, dflt) s.field = field.p ? field[slot] : static_cast<type>(dflt);
    ORB_SAT_FIELDS(ORB_SAT_LOAD)
#undef ORB_SAT_LOAD
    return s;
  }
  ORB_HD_INLINE void store(int slot, const SatState& s) const {
#define ORB_SAT_STORE(type, field, cond, dflt) \
  if (field.p) field[slot] = s.field;
    ORB_SAT_FIELDS(ORB_SAT_STORE)
#undef ORB_SAT_STORE
  }
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

// Timeline entries before t (the times increase): a binary search, since the event loop asks
// for every debris hit.
ORB_HD_INLINE int losses_before(const SatState& s, const Timeline& tl, double t) {
  int lo = 0, hi = s.n_losses;
  while (lo < hi) {
    const int mid = (lo + hi) / 2;
    if (tl.t[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// The per-GPU processes that remove working GPUs, each an independent clock per GPU: wear-out,
// destructive latch-up (SEL) and total ionizing dose (TID). Debris hits come from outside.
enum GpuProcess : int { kProcAttrition = 0, kProcSel = 1, kProcTid = 2, kGpuProcesses = 3 };

ORB_HD_INLINE int process_cause(int p) { return p == kProcSel ? kGpuSel : (p == kProcTid ? kGpuTid : kGpuAttrition); }
ORB_HD_INLINE int cause_process(int cause) {
  return cause == kGpuSel ? kProcSel : (cause == kGpuTid ? kProcTid : (cause == kGpuAttrition ? kProcAttrition : -1));
}

// The cumulative hazards of one satellite's GPUs and their inverses. Queried at increasing
// times and levels while one timeline is built, so the SPE searches keep cursors.
// A satellite launched at t0 accumulates dose and latch-up hazard from t0 (the integrals
// from 0 less their value at t0), and wears its GPUs from `wear_t`: replacements have fresh
// clocks, idle spares no wear until activated. For the original constellation both are 0 and
// every value equals the plain integral.
struct GpuRisks {
  const ClassParams& c;
  const ShellRadiation* rad;  // nullptr: radiation off
  SpeTimeline spe;  // a view: knots in the workspace
  double wear_t = 0.0;
  double launch_t = 0.0;
  double sel0 = 0.0, dose0 = 0.0;  // the integrals at launch_t
  mutable SpeCursor cursor[kGpuProcesses] = {};

  // The hazards' values at the launch date (call once, before any query).
  ORB_HD_INLINE void start_clocks(double launch, double wear) {
    launch_t = launch, wear_t = wear;
    if (!rad || !(launch > 0.0)) return;
    sel0 = sel_function(*rad).at(spe, launch, &cursor[kProcSel]);
    dose0 = dose_function(*rad).at(spe, launch, &cursor[kProcTid]);
  }

  ORB_HD_INLINE Purpose purpose(int p) const {
    return p == kProcSel ? Purpose::kSel : (p == kProcTid ? Purpose::kTid : Purpose::kGpu);
  }
  ORB_HD_INLINE bool active(int p) const {
    if (p == kProcAttrition) return c.gpu_acceleration > 0.0;
    if (!rad) return false;
    return p == kProcSel ? rad->sel_per_gpu_day > 0.0 : (rad->dose_rate_per_day > 0.0 || rad->event_dose_factor > 0.0);
  }
  ORB_HD_INLINE double hazard(int p, double t) const {
    if (p == kProcAttrition) return t > wear_t ? gpu_hazard_at(c, t - wear_t) : 0.0;
    if (p == kProcSel) return sel_function(*rad).at(spe, t, &cursor[p]) - sel0;
    return tid_hazard_from(*rad, spe, t, dose0, &cursor[p]);
  }
  ORB_HD_INLINE double time_of(int p, double hazard, double limit) const {
    if (p == kProcAttrition) return wear_t == kInfinity ? kInfinity : wear_t + gpu_failure_time(c, hazard);
    if (p == kProcSel) return sel_function(*rad).inverse(spe, hazard + sel0, limit, &cursor[p]);
    return tid_hazard_inverse_from(*rad, spe, hazard, dose0, limit, &cursor[p]);
  }
};

// Recomputes the timeline up to `horizon` from the satellite's streams, keeping the debris
// losses already in it (their times are fixed by the hits). Each process p has a pending
// hazard level: its next loss is when its cumulative per-GPU hazard reaches it. When p fires,
// a fresh Exp(1)/W is added; when another loss takes a GPU, p's residual is rescaled from W to
// W - 1 (memorylessness). A process whose next loss falls past the horizon stays there (losses
// only push it later) and is skipped. The first `known` entries are unchanged by whatever
// prompted the rebuild, so they are replayed for their draws without recomputing their times.
// `kills` is scratch for max_gpus times.
ORB_HD_INLINE void build_timeline(const ScenarioView& sc, const GpuRisks& risks, uint32_t trial,
                                  double horizon, int known, SatState& s, Timeline tl, Strided<double> kills) {
  const uint32_t entity = s.entity;
  const ClassParams& c = risks.c;
  int n_kills = 0;
  for (int i = known; i < s.n_losses; ++i)
    if (tl.cause[i] == kGpuDebrisDamage) kills[n_kills++] = tl.t[i];
  RngStream rng[kGpuProcesses] = {RngStream(sc.seed, trial, risks.purpose(kProcAttrition), entity),
                                  RngStream(sc.seed, trial, risks.purpose(kProcSel), entity),
                                  RngStream(sc.seed, trial, risks.purpose(kProcTid), entity)};
  double level[kGpuProcesses] = {};
  int w = c.gpus;
  const auto draw = [&](int p) { return sample_exp1(rng[p]); };
  const auto rescale = [&](int p, double t) {
    const double now = risks.hazard(p, t);
    level[p] = now + (level[p] - now) * static_cast<double>(w + 1) / w;
  };
  for (int p = 0; p < kGpuProcesses; ++p) level[p] = risks.active(p) ? draw(p) / w : kInfinity;
  for (int i = 0; i < known; ++i) {  // replay
    const int fired = cause_process(tl.cause[i]);
    --w;
    for (int p = 0; p < kGpuProcesses; ++p) {
      if (level[p] == kInfinity) continue;
      if (p == fired) level[p] += draw(p) / w;
      else rescale(p, tl.t[i]);
    }
  }
  double next[kGpuProcesses];
  for (int p = 0; p < kGpuProcesses; ++p)
    next[p] = level[p] == kInfinity ? kInfinity : risks.time_of(p, level[p], horizon);
  int n = known, k = 0;
  for (;;) {
    int fired = -1;
    double t = k < n_kills ? kills[k] : kInfinity;
    for (int p = 0; p < kGpuProcesses; ++p)
      if (next[p] < t) t = next[p], fired = p;
    if (!(t < horizon)) break;
    const int cause = fired < 0 ? kGpuDebrisDamage : process_cause(fired);
    tl.t[n] = t;
    tl.cause[n++] = static_cast<uint8_t>(cause);
    if (--w < c.min_gpus_operating) {
      s.death_t = t;
      s.death_cause = satellite_cause_of_gpu_loss(cause);
      break;
    }
    if (fired < 0) ++k;
    for (int p = 0; p < kGpuProcesses; ++p) {
      if (!(next[p] < horizon)) continue;  // past the horizon for good
      if (p == fired) level[p] += draw(p) / w;
      else rescale(p, t);
      next[p] = risks.time_of(p, level[p], horizon);
    }
  }
  s.n_losses = n;
}

// Time and cause of the satellite's loss from its own hardware: bus, or the GPU timeline.
// `known`: leading timeline entries that stay as they are.
ORB_HD_INLINE void sat_plan(const ScenarioView& sc, const GpuRisks& risks, uint32_t trial, int known,
                            SatState& s, Timeline tl, Strided<double> kills) {
  s.death_t = kInfinity;
  const double horizon = hd_min(s.bus_t, sc.mission_days);
  build_timeline(sc, risks, trial, horizon, known, s, tl, kills);
  if (s.death_t == kInfinity && s.bus_t < sc.mission_days) {
    s.death_t = s.bus_t;
    s.death_cause = kSatBus;
  }
}

// A new satellite in orbit: `risks` carry its clocks (start_clocks), `role` and `born` say
// whether and from when it gives capacity.
ORB_HD_INLINE void sat_init(const ScenarioView& sc, const GpuRisks& risks, uint32_t trial, uint32_t entity,
                            int shell, int role, bool original, SatState& s, Timeline tl, Strided<double> kills) {
  s.entity = entity;
  s.launch_t = risks.launch_t;
  s.wear_t = risks.wear_t;
  s.born_t = role == kRoleActive ? risks.launch_t : kInfinity;
  s.vacancy_t = kInfinity;
  s.bus_t = s.launch_t + sample_bus_failure(sc, risks.c, trial, entity);
  s.disconnect_t = s.launch_t + sample_disconnection(sc, risks.c, trial, entity);
  s.n_losses = 0;
  s.list_pos = 0;
  s.spare_pos = 0;
  s.shell = shell;
  s.last_damage_chain = -1;
  s.status = kSatLive;
  s.role = static_cast<uint8_t>(role);
  s.original = original ? 1 : 0;
  sat_plan(sc, risks, trial, 0, s, tl, kills);
}

// Capacity bookkeeping of one satellite, replayed from its final timeline when it leaves the
// constellation (or the mission ends); reports every change to a Sink (static dispatch):
//   sink.capacity_drop(t, gpus, shell)   capacity changed by -gpus at t (gains are negative)
//   sink.left_full(t, shell)             drop below full capacity (-1: back at full)
//   sink.joined(t, shell, vacancy_t, spare)  it starts holding a position empty since vacancy_t
//   sink.gpu_lost(t, cause, shell, launch_t)  a GPU lost while the satellite was in orbit
//   sink.satellite_lost(t, cause, shell, held)  held: it was holding a position
// Satellites of the initial constellation hold their position with capacity K from t = 0;
// others join at born_t with the capacity their GPUs then allow.
template <class Sink>
ORB_HD void replay_satellite(const ClassParams& c, const SatState& s, const Timeline& tl, double end,
                             Sink& sink) {
  bool held = s.original != 0;
  int capacity = held ? c.gpus_required : 0, working = c.gpus;
  bool connected = true;
  const auto set_capacity = [&](double t, int value) {
    if (value == capacity) return;
    if (capacity == c.gpus_required) sink.left_full(t, s.shell, 1);
    else if (value == c.gpus_required) sink.left_full(t, s.shell, -1);
    sink.capacity_drop(t, capacity - value, s.shell);
    capacity = value;
  };
  const auto disconnect_before = [&](double t) {
    if (connected && s.disconnect_t < t) {
      connected = false;
      if (held) set_capacity(s.disconnect_t, 0);
    }
  };
  const auto join_before = [&](double t) {  // at born_t < t (or <= t for the last look)
    if (held || !(s.born_t < t)) return;
    disconnect_before(s.born_t);
    held = true;
    sink.joined(s.born_t, s.shell, s.vacancy_t, s.entity < kReplacementEntityBase);
    set_capacity(s.born_t, connected ? hd_min(working, c.gpus_required) : 0);
  };
  for (int i = 0; i < s.n_losses; ++i) {
    const double t = tl.t[i];
    join_before(t);
    disconnect_before(t);
    sink.gpu_lost(t, tl.cause[i], s.shell, s.launch_t);
    --working;
    if (held) set_capacity(t, connected ? hd_min(working, c.gpus_required) : 0);
  }
  join_before(s.death_t < end ? s.death_t : end);
  if (s.death_t < end) {
    disconnect_before(s.death_t);
    if (held) set_capacity(s.death_t, 0);
    sink.satellite_lost(s.death_t, s.death_cause, s.shell, held);
  } else {
    disconnect_before(end);
  }
}

}  // namespace orb
