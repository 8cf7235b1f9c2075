// One trial as a pipeline of stages, the same ORB_HD code on every backend (in the spirit of
// pbrt-v4's wavefront integrator and OpenMC's event-based transport):
//
//   1. setup      per trial       record cleared, counters, solar particle events, piece grid
//   2. satellite  per satellite   its bus, terminals and GPU-loss timeline (its own draws only)
//   3. place      per trial       membership lists, the event queue (one heapify), first clocks
//   4. events     per trial       the coupled event loop: debris groups, breakups and clouds,
//                                 catalogue dates, forced losses, launches, deaths
//   5. rebuild    per satellite   debris kills deferred by the loop applied to the timelines
//   6a. replay    per chunk       the survivors of a run of slots replayed into the record
//   6b. finish    per trial       chunk sums combined, bins, threshold crossings, manoeuvres,
//                                 radiation transients, losses
//
// Stages 2, 5 and 6a hold almost all the work, so a backend runs them over (trial, satellite)
// or (trial, chunk) items: one GPU thread per item, or all CPU threads on one big trial. The
// others run one per trial. Every stage reads and writes only the trial's record and
// workspace, so a backend can run any stage of any trial on any thread, and results depend
// only on (seed, trial). Integer record entries are sums in any order; floating-point ones
// are summed per chunk in slot order and the chunks combined in chunk order, both fixed by
// the scenario, so every backend adds them up the same way.
#pragma once

#include "constellation.hpp"
#include "debris_process.hpp"
#include "gpu_damage.hpp"
#include "radiation_process.hpp"
#include "record_sink.hpp"
#include "replenishment.hpp"
#include "trial_context.hpp"

namespace orb {

// Shell of a slot (shells own consecutive blocks of slots).
ORB_HD_INLINE int shell_of_slot(const ScenarioView& sc, int slot) {
  return last_where(0, sc.n_shells - 1, [&](int s) { return sc.shells[s].first_slot <= slot; });
}

ORB_HD_INLINE TrialContext trial_context(const ScenarioView& sc, const RecordLayout& L, uint32_t trial,
                                         RecordView rec, TrialWorkspace ws, bool exact) {
  const bool defer = !exact && sc.defer_rebuilds && sc.debris.enabled && !sc.replenish.enabled;
  return TrialContext{sc, L, trial, rec, ws, defer};
}

// ---- 1. setup ----
ORB_HD_INLINE void stage_setup(const TrialContext& c) {
  clear_record(c.L, c.rec);
  c.n() = TrialCounters{};
  radiation_setup(c);
  for (int s = 0; s < c.sc.n_shells; ++s) c.ws.n_live[s] = 0;
  debris_setup(c);
  replenish_setup(c);
  c.queue().init();
}

// ---- 2. satellite ----
// The satellites of the initial constellation and the idle spares; replacement room is empty.
ORB_HD_INLINE void stage_satellite(const TrialContext& c, int slot) {
  const int shell = shell_of_slot(c.sc, slot);
  const ShellParams& sh = c.shell(shell);
  const int i = slot - sh.first_slot;
  SatState s;
  if (i < sh.satellites) {
    s = init_satellite(c, shell, slot, static_cast<uint32_t>(sh.first_entity + i), 0.0, kRoleActive, true);
  } else if (i < sh.satellites + sh.spares) {
    s = init_satellite(c, shell, slot, static_cast<uint32_t>(sh.first_spare_entity + i - sh.satellites), 0.0, kRoleIdle,
                       false);
  } else {
    s = SatArrays::defaults(slot);
    s.shell = shell;
    s.status = kSatGone;
  }
  c.store(slot, s);
}

// ---- 3. place ----
ORB_HD_INLINE void stage_place(const TrialContext& c) {
  const ScenarioView& sc = c.sc;
  EventCalendar q = c.queue();
  for (int shell = 0; shell < sc.n_shells; ++shell) {
    const ShellParams& sh = sc.shells[shell];
    for (int i = 0; i < sh.satellites; ++i) {
      const int slot = sh.first_slot + i;
      list_add(c, c.ws.live, c.ws.n_live, shell, slot);
      const double death = c.ws.sat.death_t[slot];
      q.preset(sat_source(sc, slot), death < c.t_end() ? death : kInfinity);
    }
    if (sc.replenish.enabled) replenish_place(c, shell);
  }
  q.seal();
  if (sc.n_forced_losses > 0) q.set(kSourceForcedLoss, sc.forced_losses[0].time_days);
  debris_start(c);
  if (sc.n_bins > 1) q.set(kSourceBinEdge, bin_edge(sc, 1));
}

// ---- 4. events ----
ORB_HD_INLINE void on_bin_edge(const TrialContext& c, double t) {
  TrialCounters& n = c.n();
  debris_snapshot(c, n.next_bin, t);
  ++n.next_bin;
  c.queue().set(kSourceBinEdge, n.next_bin + 1 < c.sc.n_bins ? bin_edge(c.sc, n.next_bin + 1) : kInfinity);
}

// Never interrupts (every backend but the CPU's, whose long trials can be stopped).
struct NoInterrupt {
  ORB_HD_INLINE bool operator()(double) const { return false; }
};

// `interrupt(t)` is asked every few thousand events (t: the simulated time reached); true
// abandons the trial (its record is then garbage).
template <class Interrupt = NoInterrupt>
ORB_HD_INLINE void stage_events(const TrialContext& c, const Interrupt& interrupt = Interrupt{}) {
  const ScenarioView& sc = c.sc;
  const EventCalendar q = c.queue();
  const int32_t first_launch = launch_source(sc, 0), first_sat = sat_source(sc, 0);
  double t;
  int32_t id;
  for (uint32_t n = 1;; ++n) {
    q.top(t, id);
    if (!(t < c.t_end())) break;
    if ((n & 4095u) == 0 && interrupt(t)) return;
    if (id == kSourceBinEdge) on_bin_edge(c, t);
    else if (id == kSourceForced) on_forced_breakup(c, t);
    else if (id == kSourceCatalogue) on_catalogue(c, t);
    else if (id == kSourceForcedLoss) on_forced_loss(c, t);
    else if (id < first_launch) on_group(c, (id - kSourceFixed) / kGroupKinds, (id - kSourceFixed) % kGroupKinds, t);
    else if (id < first_sat) on_launch(c, id - first_launch, t);
    else on_satellite(c, id - first_sat, t);
  }
}

// ---- 5. rebuild ----
// Survivors, and satellites whose departure waits for stage 6a (its time and cause stay).
ORB_HD_INLINE void stage_rebuild(const TrialContext& c, int slot) {
  if (!c.defer_rebuilds || c.ws.sat.deferred[slot] == 0) return;
  const bool pending = c.ws.sat.pending[slot] != 0;
  if (!pending && c.ws.sat.status[slot] != kSatLive) return;
  SatState s = c.sat(slot);
  const double left = s.death_t;
  const int8_t cause = s.death_cause;
  materialize_deferred(c, slot, s, pending ? left : c.t_end());
  if (pending) s.death_t = left, s.death_cause = cause;
  c.store(slot, s);
}

// ---- 6a. replay ----
// Chunks share nothing but the trial's read-only state, so they may run side by side.
ORB_HD_INLINE void stage_replay(const TrialContext& c, int chunk) {
  if (c.n().exact_fallback) return;
  clear_chunk(c, chunk);
  const ReplayChunk& ch = c.sc.replay_chunks[chunk];
  const ClassParams& k = c.class_of_shell(ch.shell);
  RecordSink sink(c, chunk_target(c, chunk));
  for (int slot = ch.first_slot; slot < ch.first_slot + ch.n_slots; ++slot) {
    const bool pending = c.ws.sat.pending[slot] != 0;
    if (!pending && c.ws.sat.status[slot] != kSatLive) continue;
    SatState s = c.sat(slot);
    const Timeline tl = sat_timeline(c, ch.shell, slot);
    if (pending) commit_departure(c, sink, s, tl, -1);
    else replay_satellite(k, s, tl, c.t_end(), sink);
  }
}

// ---- 6b. finish ----
ORB_HD_INLINE void stage_finish(const TrialContext& c) {
  const ScenarioView& sc = c.sc;
  TrialCounters& n = c.n();
  if (n.exact_fallback) {
    c.rec.ints[c.L.status] = kTrialRerunExact;
    return;
  }
  if (c.rec.ints[c.L.status] == kTrialNeedsRoom) return;  // it runs again with more room
  combine_chunks(c);
  replenish_finish(c);
  for (; n.next_bin < sc.n_bins; ++n.next_bin) debris_snapshot(c, n.next_bin, bin_edge(sc, n.next_bin + 1));
  debris_finish(c);
  finish_bins(c);
  radiation_finish(c);
  LossBook book(sc, c.L, c.rec);
  for (int k = 0; k < n.n_chains; ++k) book.close(c.ws.chains[k]);
  for (int w = 0; w < n.n_spe; ++w) book.close(c.ws.windows[w]);
  book.finish();
}

// Every stage of one trial on the calling thread, then, if a deferred kill failed its check,
// the whole trial again with every kill applied at once. `ws` is this trial's workspace.
ORB_HD_INLINE void run_trial(const ScenarioView& sc, const RecordLayout& L, uint32_t trial, RecordView rec,
                             TrialWorkspace ws, bool exact = false) {
  for (;;) {
    const TrialContext c = trial_context(sc, L, trial, rec, ws, exact);
    stage_setup(c);
    for (int slot = 0; slot < sc.n_slots; ++slot) stage_satellite(c, slot);
    stage_place(c);
    stage_events(c);
    for (int slot = 0; slot < sc.n_slots; ++slot) stage_rebuild(c, slot);
    for (int chunk = 0; chunk < sc.n_replay_chunks; ++chunk) stage_replay(c, chunk);
    stage_finish(c);
    if (exact || rec.ints[L.status] != kTrialRerunExact) return;
    exact = true;
  }
}

}  // namespace orb
