// A damaging debris hit on a satellite's GPUs (MODEL.md section 3): the hit lands on one of
// the G GPU loops; if that GPU still works it is lost, and the satellite's later attrition
// changes (its pending hazards rescale from W to W - 1 GPUs).
//
// Applying that at once means rebuilding the satellite's timeline inside the sequential event
// loop, which made hits the serial bottleneck of big trials. Most satellites cannot die of
// their GPUs within the mission however many they lose to debris: then nothing the event loop
// needs depends on the rebuilt timeline, and the kill is deferred. Its time waits at the end
// of the satellite's timeline block and every deferred kill is applied later, in the parallel
// rebuild stage (or when the loop needs the exact timeline: the satellite dies, or a later hit
// cannot be decided from bounds). A single rebuild with all the kills gives exactly the
// timeline the hits would have built one by one (build_timeline replays entries before a kill
// for their draws, so a timeline does not depend on when it was rebuilt).
//
// A hit is decided from bounds on the working GPUs where it can: a satellite works at least as
// many GPUs as at the end of its timeline (so most first hits need no search of it); with kills
// deferred, never more than the entries before the first of them allow (exact), never fewer
// than the undamaged timeline minus the deferred kills. The lower bound rests on the coupling's monotonicity (a debris kill only
// delays the other losses: the pending hazard budgets rescale up), which every deferred kill
// checks when it is applied; so does "no death by GPU before the satellite's departure". A
// failed check flags the trial, which the backend then runs again with every kill applied at
// once, so results never depend on the optimisation.
#pragma once

#include "constellation.hpp"
#include "loss_routing.hpp"
#include "satellite.hpp"
#include "trial_context.hpp"

namespace orb {

constexpr int kMaxDeferredKills = 8;

// Room for one more deferred kill, and the undamaged timeline minus every deferred kill still
// keeps min_gpus_operating: the satellite cannot die of its GPUs (given the monotonicity).
ORB_HD_INLINE bool can_defer(const TrialContext& c, const ClassParams& k, const SatState& s) {
  return c.defer_rebuilds && s.deferred < kMaxDeferredKills &&
         s.n_losses + s.deferred + 1 <= k.gpus - k.min_gpus_operating;
}

ORB_HD_INLINE void defer_kill(const TrialContext& c, SatState& s, const ClassParams& k, const Timeline& tl, double t) {
  tl.t[k.gpus - 1 - s.deferred] = t;
  ++s.deferred;
}

// Entries of the (undamaged) timeline before the first deferred kill.
ORB_HD_INLINE int before_first_deferred(const SatState& s, const ClassParams& k, const Timeline& tl) {
  return losses_before(s, tl, tl.t[k.gpus - 1]);
}

ORB_HD_INLINE bool materialize_deferred(const TrialContext& c, int slot, SatState& s, double now) {
  const ClassParams& k = c.class_of_shell(s.shell);
  const Timeline tl = sat_timeline(c, s.shell, slot);
  const int nk = s.deferred;
  double kills[kMaxDeferredKills];  // also build_timeline's scratch: it copies the same kills into it
  int16_t lower[kMaxDeferredKills];
  for (int j = 0; j < nk; ++j) {
    kills[j] = tl.t[k.gpus - 1 - j];
    lower[j] = static_cast<int16_t>(k.gpus - losses_before(s, tl, kills[j]) - j);  // the bound kill j was decided with
  }
  const int known = k.gpus - lower[0];  // the entries before the first kill stay
  for (int j = 0; j < nk; ++j) {
    tl.t[known + j] = kills[j];
    tl.cause[known + j] = kGpuDebrisDamage;
  }
  s.n_losses = static_cast<int16_t>(known + nk);
  s.deferred = 0;
  sat_plan(c.sc, sat_risks(c, s), c.trial, known, s, tl, Strided<double>{kills, 1});
  bool ok = !(s.death_t < now);
  for (int j = 1; j < nk; ++j) ok = ok && k.gpus - losses_before(s, tl, kills[j]) >= lower[j];
  if (!ok) raise_flag(c.n().exact_fallback);
  return ok;
}

// Exact: the kill goes into the timeline and the rest is rebuilt after it (the entries before
// t stay; they are replayed for their draws).
ORB_HD_INLINE void apply_kill(const TrialContext& c, int slot, SatState& s, const Timeline& tl, double t, int before) {
  double scratch[1];
  s.n_losses = static_cast<int16_t>(before);
  tl.t[s.n_losses] = t;
  tl.cause[s.n_losses++] = kGpuDebrisDamage;
  sat_plan(c.sc, sat_risks(c, s), c.trial, before, s, tl, Strided<double>{scratch, 1});
  reschedule_sat(c, slot, s.death_t);
}

// A damaging hit at t on the GPU loop u_gpu * G of the satellite in `slot`, from breakup chain
// `chain` (-1: a background object). The event loop meets satellites at random, so the common
// outcomes (no working GPU hit, a kill deferred) read and write only the fields they need.
ORB_HD_INLINE void damage_gpu(const TrialContext& c, int slot, double t, double u_gpu, int chain) {
  const SatArrays& a = c.ws.sat;
  SatState s;  // the fields the common outcomes use; loaded whole when a timeline is rebuilt
  s.shell = a.shell[slot];
  s.n_losses = a.n_losses[slot];
  s.deferred = a.deferred.p ? a.deferred[slot] : int16_t{0};
  const ClassParams& k = c.class_of_shell(s.shell);
  const Timeline tl = sat_timeline(c, s.shell, slot);
  const double gpu = u_gpu * k.gpus;
  bool whole = false, lost = gpu < k.gpus - s.n_losses - s.deferred;  // working even at the end
  if (s.deferred > 0) {
    if (!lost) {
      if (!(gpu < k.gpus - before_first_deferred(s, k, tl) - s.deferred)) return;  // certainly lost before
      lost = gpu < k.gpus - losses_before(s, tl, t) - s.deferred;
    }
    if (!(lost && can_defer(c, k, s))) {  // undecided, or no room for another deferred kill
      s = c.sat(slot), whole = true, lost = false;
      materialize_deferred(c, slot, s, t);
      reschedule_sat(c, slot, s.death_t);
    }
  }
  if (lost && can_defer(c, k, s)) {
    book_debris_damage(c, s.shell, t, chain);
    defer_kill(c, s, k, tl, t);
    a.last_damage_chain[slot] = chain;
    if (whole) return c.store(slot, s);
    a.deferred[slot] = s.deferred;
    return;
  }
  if (!whole) s = c.sat(slot), whole = true;
  const int before = losses_before(s, tl, t);
  if (!(gpu < k.gpus - before)) return c.store(slot, s);
  book_debris_damage(c, s.shell, t, chain);
  s.last_damage_chain = chain;
  if (can_defer(c, k, s)) defer_kill(c, s, k, tl, t);
  else apply_kill(c, slot, s, tl, t, before);
  c.store(slot, s);
}

}  // namespace orb
