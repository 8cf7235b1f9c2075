// The constellation layer: which satellites are in orbit, in which per-shell lists, and their
// lifecycle (placed, lost). It owns the membership lists and each satellite's queue entry,
// replays a satellite's final timeline into the record when it leaves, and tells the
// processes through the hooks of process_hooks.hpp.
#pragma once

#include "loss_routing.hpp"
#include "process_hooks.hpp"
#include "record_sink.hpp"
#include "satellite.hpp"
#include "trial_context.hpp"

namespace orb {

// What happens to a satellite's remains when it is lost.
enum Fate : int { kFateDispose, kFateDerelict, kFateGone };

ORB_HD_INLINE Timeline sat_timeline(const TrialContext& c, int shell, int slot) {
  return timeline_of(c.sc, c.ws.loss_t, c.ws.loss_cause, shell, slot);
}

ORB_HD_INLINE SpeTimeline spe_timeline(const TrialContext& c) {
  return SpeTimeline{c.ws.spe_knots, c.n().n_knots};
}

// The hazards of a satellite of `shell` launched at `launch`, wearing its GPUs from `wear`.
ORB_HD_INLINE GpuRisks sat_risks(const TrialContext& c, int shell, double launch, double wear) {
  GpuRisks r{c.class_of_shell(shell), c.sc.radiation.enabled ? &c.sc.shell_radiation[shell] : nullptr,
             spe_timeline(c)};
  r.start_clocks(launch, wear);
  return r;
}
ORB_HD_INLINE GpuRisks sat_risks(const TrialContext& c, const SatState& s) {
  return sat_risks(c, s.shell, s.launch_t, s.wear_t);
}

ORB_HD_INLINE void reschedule_sat(const TrialContext& c, int slot, double death_t) {
  c.queue().set(sat_source(c.sc, slot), death_t < c.t_end() ? death_t : kInfinity);
}

// ---- member lists: per-shell blocks of slot ids, swap-remove ----
// `spare`: the idle-spare list, whose positions live in spare_pos (a spare is in both).
ORB_HD_INLINE void list_add(const TrialContext& c, Strided<int32_t> list, Strided<int32_t> count, int shell, int slot,
                            bool spare = false) {
  const int pos = count[shell]++;
  list[c.shell(shell).first_slot + pos] = slot;
  (spare ? c.ws.sat.spare_pos : c.ws.sat.list_pos)[slot] = pos;
}
ORB_HD_INLINE void list_remove(const TrialContext& c, Strided<int32_t> list, Strided<int32_t> count, int shell,
                               int slot, bool spare = false) {
  const Strided<int32_t> block = list + c.shell(shell).first_slot;
  const Strided<int32_t> where = spare ? c.ws.sat.spare_pos : c.ws.sat.list_pos;
  const int pos = where[slot];
  const int last = block[--count[shell]];
  block[pos] = last;
  where[last] = pos;
}

// A new satellite's state and timeline (its own draws only: no lists, no queue), so the
// satellites of a trial can be set up in parallel.
ORB_HD_INLINE SatState init_satellite(const TrialContext& c, int shell, int slot, uint32_t entity, double launch,
                                      int role, bool original) {
  SatState s = SatArrays::defaults(slot);
  const double wear = role == kRoleActive ? launch : kInfinity;
  sat_init(c.sc, sat_risks(c, shell, launch, wear), c.trial, entity, shell, role, original, s,
           sat_timeline(c, shell, slot), Strided<double>{});
  s.deferred = 0;
  s.pending = 0;
  return s;
}

// Its capacity history ends at its departure: replayed into the record (into a replay chunk's
// sums when `losses` is a chunk's), its loss booked. For debris and forced losses the planned
// timeline ends early.
ORB_HD_INLINE void commit_departure(const TrialContext& c, RecordSink& sink, SatState& s, const Timeline& tl,
                                    int chain) {
  if (s.death_cause == kSatDebris || s.death_cause == kSatForced)
    s.n_losses = static_cast<int16_t>(losses_before(s, tl, s.death_t));
  replay_satellite(c.class_of_shell(s.shell), s, tl, c.t_end(), sink);
  book_satellite_loss(c, sink.losses, s, tl, s.death_t, s.death_cause, chain);
}

// A new satellite in `slot`: in orbit from `launch`, in the live lists, its death scheduled.
// A departed satellite still waiting there for its replay (kill) is replayed first.
ORB_HD_INLINE void place(const TrialContext& c, int shell, int slot, uint32_t entity, double launch, int role,
                         bool original) {
  if (c.ws.sat.pending[slot]) {
    SatState old = c.sat(slot);
    RecordSink sink(c);
    commit_departure(c, sink, old, sat_timeline(c, shell, slot), -1);
  }
  const SatState s = init_satellite(c, shell, slot, entity, launch, role, original);
  c.store(slot, s);
  list_add(c, c.ws.live, c.ws.n_live, shell, slot);
  reschedule_sat(c, slot, s.death_t);
}

// The satellite leaves the constellation at t: its capacity history is final, so it is
// replayed into the record; then its remains dispose, stay as a derelict, or are gone. Unless
// its loss joins a breakup chain (whose sum the event loop owns), the replay and the booking
// wait for the parallel replay stage (`pending`; after any debris kills deferred on it are
// applied): nothing the event loop does depends on them, and every backend and schedule then
// books departures in the same order (by slot, in the replay chunks).
ORB_HD_INLINE void kill(const TrialContext& c, int slot, double t, int cause, int fate, int chain = -1) {
  SatState s = c.sat(slot);
  const Timeline tl = sat_timeline(c, s.shell, slot);
  const bool held = s.role == kRoleActive || (s.role == kRoleActivating && s.born_t <= t);
  const bool later = loss_chain(s, tl, t, cause, chain) < 0;
  if (!later && s.deferred > 0) materialize_deferred(c, slot, s, t);
  s.death_t = t;
  s.death_cause = static_cast<int8_t>(cause);
  if (later) {
    s.pending = 1;
  } else {
    RecordSink sink(c);
    commit_departure(c, sink, s, tl, chain);
  }
  c.queue().set(sat_source(c.sc, slot), kInfinity);
  s.status = kSatGone;
  c.store(slot, s);
  list_remove(c, c.ws.live, c.ws.n_live, s.shell, slot);
  if (c.sc.debris.enabled) s.status = static_cast<uint8_t>(debris_satellite_left(c, slot, s, t, fate));
  if (c.sc.replenish.enabled) replenish_satellite_left(c, slot, s, t, held);
}

// The satellite's own hardware ends it (bus, or GPUs below min_gpus_operating).
ORB_HD_INLINE void on_satellite(const TrialContext& c, int slot, double t) {
  kill(c, slot, t, c.ws.sat.death_cause[slot], kFateDispose);
}

// Forced losses take the shell's first satellites that hold a position.
ORB_HD_INLINE void on_forced_loss(const TrialContext& c, double t) {
  TrialCounters& n = c.n();
  const ForcedLoss& f = c.sc.forced_losses[n.next_forced_loss++];
  const Strided<int32_t> live = c.ws.live + c.shell(f.shell).first_slot;
  int left = f.satellites;
  for (int i = 0; left > 0 && i < c.ws.n_live[f.shell];) {
    const int slot = live[i];
    const SatState s = c.sat(slot);
    if (s.role == kRoleActive || (s.role == kRoleActivating && s.born_t <= t)) {
      kill(c, slot, t, kSatForced, kFateDispose);  // swap-removes: position i now holds another
      --left;
    } else {
      ++i;
    }
  }
  c.queue().set(kSourceForcedLoss,
                n.next_forced_loss < c.sc.n_forced_losses ? c.sc.forced_losses[n.next_forced_loss].time_days : kInfinity);
}

}  // namespace orb
