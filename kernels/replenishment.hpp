// Replenishment in a trial (MODEL.md section 6): idle in-orbit spares take vacant positions
// after an activation delay; without a spare, a replacement is ordered, waits its lead time
// and flies on a capped launch that may fail. Replacements are new satellites with fresh
// clocks (constellation.hpp places them).
#pragma once

#include "constellation.hpp"
#include "process_hooks.hpp"
#include "trial_context.hpp"

namespace orb {

ORB_HD_INLINE void free_slot(const TrialContext& c, int shell, int slot) {
  c.ws.free_slots[c.shell(shell).first_slot + c.ws.n_free[shell]++] = slot;
}

ORB_HD_INLINE Order& order(const TrialContext& c, int shell, int i) {
  const ShellParams& sh = c.shell(shell);
  return c.ws.orders[sh.first_order + (c.ws.order_head[shell] + i) % sh.satellites];
}

// Per-trial set-up of the counters (before any satellite is placed).
ORB_HD_INLINE void replenish_setup(const TrialContext& c) {
  if (!c.sc.replenish.enabled) return;
  for (int s = 0; s < c.sc.n_shells; ++s) {
    c.ws.n_idle[s] = 0;
    c.ws.n_free[s] = 0;
    c.ws.order_head[s] = 0;
    c.ws.n_orders[s] = 0;
    c.ws.launch_words[s] = 0;
  }
  for (int y = 0; y < c.sc.replenish.n_years; ++y) c.ws.launches_in_year[y] = 0;
}

// A shell's spares (idle, in orbit from t = 0, debris targets, no GPU wear), after its
// satellites in the live list, and the free slots after them, lowest first. Their states were
// set up with the others (pipeline.hpp).
ORB_HD_INLINE void replenish_place(const TrialContext& c, int shell) {
  const ShellParams& sh = c.shell(shell);
  for (int j = 0; j < sh.spares; ++j) {
    const int slot = sh.first_slot + sh.satellites + j;
    list_add(c, c.ws.live, c.ws.n_live, shell, slot);
    c.queue().preset(sat_source(c.sc, slot), c.ws.sat.death_t[slot] < c.t_end() ? c.ws.sat.death_t[slot] : kInfinity);
    list_add(c, c.ws.idle, c.ws.n_idle, shell, slot, true);
  }
  for (int k = sh.slots - 1; k >= sh.satellites + sh.spares; --k) free_slot(c, shell, sh.first_slot + k);
}

// A position of `shell` is empty from t (lost at vacancy_t): the first idle spare starts
// activating, or else a replacement is ordered.
ORB_HD_INLINE void vacancy(const TrialContext& c, int shell, double t, double vacancy_t) {
  const ShellParams& sh = c.shell(shell);
  if (c.ws.n_idle[shell] > 0) {
    const int slot = c.ws.idle[sh.first_slot];
    list_remove(c, c.ws.idle, c.ws.n_idle, shell, slot, true);
    SatState s = c.sat(slot);
    s.role = kRoleActivating;
    s.vacancy_t = vacancy_t;
    s.born_t = s.wear_t = t + c.sc.replenish.activation_days;  // wear starts with service
    const Timeline tl = sat_timeline(c, shell, slot);
    const int known = losses_before(s, tl, t);
    double scratch[1];
    sat_plan(c.sc, sat_risks(c, s), c.trial, known, s, tl, Strided<double>{scratch, 1});
    c.store(slot, s);
    reschedule_sat(c, slot, s.death_t);
    return;
  }
  const int n = c.ws.n_orders[shell]++;
  c.ws.orders[sh.first_order + (c.ws.order_head[shell] + n) % sh.satellites] = Order{t + c.sc.replenish.lead_days, vacancy_t};
  if (n == 0) c.queue().set(launch_source(c.sc, shell), t + c.sc.replenish.lead_days);
}

// A replacement reaches its position at t with fresh hardware clocks.
ORB_HD_INLINE void arrive(const TrialContext& c, int shell, double t, double vacancy_t) {
  TrialCounters& n = c.n();
  if (n.replacements >= c.sc.replenish.max_replacements || c.ws.n_free[shell] == 0) {
    c.rec.ints[c.L.status] = kTrialReplacementOverflow;
    return;
  }
  const int slot = c.ws.free_slots[c.shell(shell).first_slot + --c.ws.n_free[shell]];
  place(c, shell, slot, kReplacementEntityBase + static_cast<uint32_t>(n.replacements++), t, kRoleActive, false);
  c.ws.sat.vacancy_t[slot] = vacancy_t;
  ++c.rec.ints[c.L.replenish + kReplacements];
  debris_satellite_joined(c, shell, t);
}

// A launch for `shell` carries its due orders (up to satellites_per_launch) if the year's
// launch cap allows; a failed launch loses them and they are ordered again.
ORB_HD_INLINE void on_launch(const TrialContext& c, int shell, double t) {
  const ReplenishmentGlobals& g = c.sc.replenish;
  const TrialWorkspace& ws = c.ws;
  const int year = hd_min(static_cast<int>(t / kDaysPerYear), g.n_years - 1);
  if (!(ws.launches_in_year[year] < g.max_launches_per_year)) {
    const double next_year = (year + 1) * kDaysPerYear;
    c.queue().set(launch_source(c.sc, shell), next_year < c.t_end() && year + 1 < g.n_years ? next_year : kInfinity);
    return;
  }
  ++ws.launches_in_year[year];
  ++c.rec.ints[c.L.replenish + kLaunches];
  int n = 0;
  while (n < ws.n_orders[shell] && n < g.satellites_per_launch && order(c, shell, n).ready_t <= t) ++n;
  c.rec.dbls[c.L.replacement_cost + policy_year(c.sc.losses, t)] += n * g.cost_usd;
  RngStream rng(c.sc.seed, c.trial, Purpose::kLaunch, static_cast<uint32_t>(shell), ws.launch_words[shell]);
  const bool failed = rng.uniform() < g.failure_probability;
  ws.launch_words[shell] = rng.position();
  if (failed) ++c.rec.ints[c.L.replenish + kLaunchFailures];
  for (int i = 0; i < n; ++i) {
    const Order o = order(c, shell, 0);
    ws.order_head[shell] = (ws.order_head[shell] + 1) % c.shell(shell).satellites;
    --ws.n_orders[shell];
    if (failed) order(c, shell, ws.n_orders[shell]++) = Order{t + g.lead_days, o.vacancy_t};
    else arrive(c, shell, t, o.vacancy_t);
  }
  c.queue().set(launch_source(c.sc, shell), ws.n_orders[shell] > 0 ? hd_max(order(c, shell, 0).ready_t, t) : kInfinity);
}

ORB_HD_INLINE void replenish_slot_freed(const TrialContext& c, int shell, int slot) { free_slot(c, shell, slot); }

ORB_HD_INLINE void replenish_satellite_left(const TrialContext& c, int slot, const SatState& s, double t, bool held) {
  if (s.status == kSatGone) free_slot(c, s.shell, slot);
  if (s.role == kRoleIdle) list_remove(c, c.ws.idle, c.ws.n_idle, s.shell, slot, true);
  else if (held) vacancy(c, s.shell, t, t);
  else vacancy(c, s.shell, t, s.vacancy_t);  // an activating spare: its position is still empty
}

// Positions still empty at the end (waiting for a launch or an activation) are censored.
ORB_HD_INLINE void replenish_finish(const TrialContext& c) {
  if (!c.sc.replenish.enabled) return;
  int open = 0;
  for (int shell = 0; shell < c.sc.n_shells; ++shell) open += c.ws.n_orders[shell];
  for (int slot = 0; slot < c.sc.n_slots; ++slot)
    if (c.ws.sat.status[slot] == kSatLive && c.ws.sat.role[slot] == kRoleActivating && !(c.ws.sat.born_t[slot] < c.t_end()))
      ++open;
  c.rec.ints[c.L.restore_hist + kRestoreBins] = open;
}

}  // namespace orb
