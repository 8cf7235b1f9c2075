// What every stage of one trial works on (pipeline.hpp): the scenario, the trial's record and
// its workspace. A context is a handful of references and views, made afresh by each stage on
// each thread; everything that lasts between stages lives in the workspace.
#pragma once

#include "event_calendar.hpp"
#include "hd.hpp"
#include "record.hpp"
#include "scenario.hpp"
#include "workspace.hpp"

namespace orb {

// Event sources, in tie-break order (workspace.hpp: n_shared_sources).
enum SourceId : int32_t {
  kSourceBinEdge = 0, kSourceForced = 1, kSourceCatalogue = 2, kSourceForcedLoss = 3, kSourceFixed = 4
};

ORB_HD_INLINE int32_t group_source(int shell, int kind) { return kSourceFixed + shell * kGroupKinds + kind; }
// A shell's next replacement launch.
ORB_HD_INLINE int32_t launch_source(const ScenarioView& sc, int shell) {
  return kSourceFixed + sc.n_shells * kGroupKinds + shell;
}
ORB_HD_INLINE int32_t sat_source(const ScenarioView& sc, int slot) {
  return kSourceFixed + sc.n_shells * (kGroupKinds + 1) + slot;
}

struct TrialContext {
  const ScenarioView& sc;
  const RecordLayout& L;
  uint32_t trial;
  RecordView rec;
  TrialWorkspace ws;
  // Debris kills on satellites that cannot die of their GPUs are applied to their timelines in
  // a parallel stage after the event loop (pipeline.hpp); false: at once, in the loop.
  bool defer_rebuilds;

  ORB_HD_INLINE TrialCounters& n() const { return ws.counters[0]; }
  ORB_HD_INLINE EventCalendar queue() const {
    TrialCounters& k = n();
    return EventCalendar(EventCalendar::Parts{EventQueue(ws.heap_key, ws.heap_id, ws.heap_pos, n_shared_sources(sc)),
                                              ws.death_order, k.calendar_n, k.calendar_at, ws.late_key, ws.late_slot,
                                              ws.late_pos, k.late_n, ws.sat.status, ws.sat.death_t,
                                              n_shared_sources(sc), sc.n_slots});
  }
  ORB_HD_INLINE double t_end() const { return sc.mission_days; }
  ORB_HD_INLINE SatState sat(int slot) const { return ws.sat.load(slot); }
  ORB_HD_INLINE void store(int slot, const SatState& s) const { ws.sat.store(slot, s); }
  ORB_HD_INLINE const ShellParams& shell(int s) const { return sc.shells[s]; }
  ORB_HD_INLINE const ClassParams& class_of_shell(int s) const { return sc.classes[sc.shells[s].class_index]; }
};

// Sets a flag that several threads may set at once (all to the same value).
ORB_HD_INLINE void store_flag(int32_t& flag, int32_t value) {
#if defined(__CUDA_ARCH__)
  atomicExch(&flag, value);
#else
  __atomic_store_n(&flag, value, __ATOMIC_RELAXED);
#endif
}
ORB_HD_INLINE void raise_flag(int32_t& flag) { store_flag(flag, 1); }

}  // namespace orb
