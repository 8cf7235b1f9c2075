// Orbital debris in a trial (MODEL.md section 3): the event handlers of the debris groups,
// breakups and their fragment clouds, catalogue dates and derelicts. The physics (fluxes,
// fragments, closed forms) is in debris.hpp and environment.hpp.
//
// Debris hits use superposition: the m identical members of a group (e.g. the live satellites
// of a shell, for lethal objects) each carry an Exp(1) clock against the same cumulative
// hazard, so the group's next hit comes when that hazard has grown by Exp(1)/(m·A) and lands
// on a member chosen uniformly. When m changes, the pending residual is rescaled by m/m'
// (memorylessness makes both exact). A breakup changes the hazards, not the thresholds, so
// only the groups' next times are re-solved.
#pragma once

#include "constellation.hpp"
#include "environment.hpp"
#include "gpu_damage.hpp"
#include "process_hooks.hpp"
#include "trial_context.hpp"

namespace orb {

ORB_HD_INLINE GroupState& debris_group(const TrialContext& c, int shell, int kind) {
  return c.ws.groups[shell * kGroupKinds + kind];
}

ORB_HD_INLINE int32_t& debris_count(const TrialContext& c, int which) { return c.rec.ints[c.L.debris_counts + which]; }

ORB_HD_INLINE void reschedule_group(const TrialContext& c, int shell, int kind, double t) {
  const double target = debris_group(c, shell, kind).threshold;
  double next = kInfinity;
  if (target != kInfinity) {
    next = group_flux_inverse_background(c.sc, c.ws, shell, kind, target);
    if (next < 0.0) {
      const auto F = [&](double u) { return group_flux(c.sc, c.ws, shell, kind, u, true).total(); };
      const auto dF = [&](double u) { return group_flux(c.sc, c.ws, shell, kind, u, false).total(); };
      next = solve_increasing(F, dF, target, t, c.t_end());
    }
    next = hd_max(next, t);  // rounding in the inverse must not move an event into the past
  }
  c.queue().set(group_source(shell, kind), next);
}

// Group members went from m_old to m_new at t: rescale the pending residual hazard.
ORB_HD_INLINE void membership_changed(const TrialContext& c, int shell, int first_kind, int last_kind, int m_old,
                                      int m_new, double t) {
  for (int kind = first_kind; kind <= last_kind; ++kind) {
    GroupState& g = debris_group(c, shell, kind);
    const double area = group_area(c.sc.shell_debris[shell], kind);
    if (m_new == 0 || !(area > 0.0)) {
      g.threshold = kInfinity;
    } else {
      const double now = group_flux(c.sc, c.ws, shell, kind, t, true).total();
      if (m_old == 0 || g.threshold == kInfinity) {
        RngStream rng(c.sc.seed, c.trial, Purpose::kDebrisGroup, shell * kGroupKinds + kind, g.words);
        g.threshold = now + sample_exp1(rng) / (m_new * area);
        g.words = rng.position();
      } else {
        g.threshold = now + (g.threshold - now) * static_cast<double>(m_old) / m_new;
      }
    }
    reschedule_group(c, shell, kind, t);
  }
}

ORB_HD_INLINE void count_hit(const TrialContext& c, int shell, int kind, double t) {
  const int cls = group_class(kind);
  ++c.rec.ints[c.L.hits + (bin_of(c.sc, t) * c.L.n_shells + shell) * kDebrisClassCount + cls];
  if (cls != kDamaging) ++debris_count(c, kCollisions);
}

ORB_HD_INLINE CloudTree cloud_tree(const TrialContext& c, int cell, int tree) {
  const int at = cell * kCloudTrees + tree;
  return CloudTree{c.ws.cloud_tree + int64_t{at} * c.sc.max_clouds, c.ws.cloud_tree_ref[at]};
}

// Who hit: a background object (-1) or fragments, with probability equal to the fragments'
// share of the group's flux at t; then the cloud, with probability proportional to its
// share of that fragment flux (cloud_index.hpp). Returns the cloud's breakup chain.
ORB_HD_INLINE int attribute(const TrialContext& c, int shell, int kind, double t) {
  const ScenarioView& sc = c.sc;
  const FluxParts rate = group_flux(sc, c.ws, shell, kind, t, false);
  if (!(rate.fragments > 0.0)) return -1;
  GroupState& g = debris_group(c, shell, kind);
  RngStream rng(sc.seed, c.trial, Purpose::kAttribution, shell * kGroupKinds + kind, g.attr_words);
  const bool fragments = rng.uniform() * rate.total() < rate.fragments;
  const double u = fragments ? rng.uniform() : 0.0;
  g.attr_words = rng.position();
  if (!fragments) return -1;
  const int n = c.n().n_clouds;
  const CloudTree tree = cloud_tree(c, sc.shells[shell].cell, tree_of_group(kind));
  return c.ws.clouds[tree.search(u * tree.prefix(n), n)].chain;
}

// Cloud n (the n clouds before it present) joins every cell's trees.
ORB_HD_INLINE void index_cloud(const TrialContext& c, int n, const Cloud& cl) {
  const ScenarioView& sc = c.sc;
  for (int k = 0; k < sc.debris.n_cells; ++k)
    for (int tree = 0; tree < kCloudTrees; ++tree) {
      const CloudTree tr = cloud_tree(c, k, tree);
      const int cls = tree_class(tree);
      const double tau = sc.cell_tau_days[k * kDebrisClassCount + cls];
      if (n == 0) {
        tr.t_ref = cl.t_days;
      } else if ((cl.t_days - tr.t_ref) / tau > kCloudTreeMaxExponent) {
        tr.scale(n, hd_exp(-(cl.t_days - tr.t_ref) / tau));
        tr.t_ref = cl.t_days;
      }
      tr.append(n, cloud_weight(cl.fragments[cls], sc.spread[cl.cell * sc.debris.n_cells + k], cl.t_days, tr.t_ref, tau));
    }
}

ORB_HD_INLINE int new_chain(const TrialContext& c, double t) {
  if (c.n().n_chains >= c.sc.max_clouds) {  // as many chains as breakups at most
    c.rec.ints[c.L.status] = kTrialNeedsRoom;
    return -1;
  }
  const int id = c.n().n_chains++;
  c.ws.chains[id] = OccurrenceSum{t, 0.0, 0.0};
  return id;
}

ORB_HD_INLINE void schedule_catalogue(const TrialContext& c) {
  const TrialCounters& n = c.n();
  c.queue().set(kSourceCatalogue,
                n.catalogued < n.n_clouds ? c.ws.clouds[n.catalogued].t_days + c.sc.debris.catalog_delay_days : kInfinity);
}

ORB_HD_INLINE void breakup(const TrialContext& c, double t, int cell, const double* fragments, bool by_fragments,
                           int chain) {
  const ScenarioView& sc = c.sc;
  if (!sc.debris.fragments || (by_fragments && !sc.debris.second_generation)) return;
  TrialCounters& n = c.n();
  if (n.n_clouds >= sc.max_clouds) {
    c.rec.ints[c.L.status] = kTrialNeedsRoom;
    return;
  }
  Cloud& cl = c.ws.clouds[n.n_clouds++];
  cl.t_days = t;
  cl.cell = cell;
  cl.chain = chain;
  for (int k = 0; k < kDebrisClassCount; ++k) cl.fragments[k] = fragments[k];
  index_cloud(c, n.n_clouds - 1, cl);
  for (int k = 0; k < sc.debris.n_cells; ++k) {
    const double share = sc.spread[cell * sc.debris.n_cells + k];
    for (int cls = 0; cls < kDebrisClassCount; ++cls)
      cloud_add(c.ws.clouds_all[k * kDebrisClassCount + cls], sc.cell_tau_days[k * kDebrisClassCount + cls], t,
                fragments[cls] * share);
  }
  if (n.catalogued == n.n_clouds - 1) schedule_catalogue(c);
  for (int s = 0; s < sc.n_shells; ++s)
    for (int kind = kGroupDamaging; kind <= kGroupCatDerelict; ++kind) reschedule_group(c, s, kind, t);
}

// A derelict re-enters or breaks up.
ORB_HD_INLINE void remove_derelict(const TrialContext& c, int slot, double t) {
  const int shell = c.ws.sat.shell[slot];
  c.ws.sat.status[slot] = kSatGone;
  list_remove(c, c.ws.derelict, c.ws.n_derelict, shell, slot);
  membership_changed(c, shell, kGroupCatDerelict, kGroupReentry, c.ws.n_derelict[shell] + 1, c.ws.n_derelict[shell], t);
  if (c.sc.replenish.enabled) replenish_slot_freed(c, shell, slot);
}

ORB_HD_INLINE void on_group(const TrialContext& c, int shell, int kind, double t) {
  const ScenarioView& sc = c.sc;
  GroupState& g = debris_group(c, shell, kind);
  const bool live = kind <= kGroupCatLive;
  const int m = live ? c.ws.n_live[shell] : c.ws.n_derelict[shell];
  RngStream rng(sc.seed, c.trial, Purpose::kDebrisGroup, shell * kGroupKinds + kind, g.words);
  const Strided<int32_t> list = (live ? c.ws.live : c.ws.derelict) + sc.shells[shell].first_slot;
  const int slot = list[hd_min(static_cast<int>(rng.uniform() * m), m - 1)];
  // A fresh residual for the m members, drawn before the hit's effects: a member leaving
  // then rescales it like any other membership change.
  g.threshold = group_flux(sc, c.ws, shell, kind, t, true).total() +
                sample_exp1(rng) / (m * group_area(sc.shell_debris[shell], kind));
  const double u_gpu = rng.uniform();
  g.words = rng.position();
  if (kind == kGroupReentry) {
    remove_derelict(c, slot, t);
    reschedule_group(c, shell, kind, t);
    return;
  }
  count_hit(c, shell, kind, t);
  int chain = attribute(c, shell, kind, t);  // -1: a background object
  switch (kind) {
    case kGroupDamaging: damage_gpu(c, slot, t, u_gpu, chain); break;
    case kGroupLethal: kill(c, slot, t, kSatDebris, kFateDerelict, chain); break;
    default: {  // catastrophic: a breakup
      const bool by_fragments = chain >= 0;
      if (by_fragments) ++debris_count(c, kBreakupsByFragments);
      else chain = new_chain(c, t);  // a background impactor starts a chain
      ++debris_count(c, kind == kGroupCatLive ? kBreakupsLive : kBreakupsDerelict);
      if (kind == kGroupCatLive) kill(c, slot, t, kSatDebris, kFateGone, chain);
      else remove_derelict(c, slot, t);
      breakup(c, t, sc.shells[shell].cell, sc.shell_debris[shell].breakup_fragments, by_fragments, chain);
    }
  }
  reschedule_group(c, shell, kind, t);
}

ORB_HD_INLINE void on_forced_breakup(const TrialContext& c, double t) {
  TrialCounters& n = c.n();
  const ForcedBreakup& f = c.sc.forced[n.next_forced++];
  ++debris_count(c, kBreakupsForced);
  breakup(c, t, f.cell, f.fragments, false, new_chain(c, t));
  c.queue().set(kSourceForced, n.next_forced < c.sc.debris.n_forced ? c.sc.forced[n.next_forced].time_days : kInfinity);
}

// A cloud's catastrophic fragments enter the catalogue: live satellites start avoiding them.
ORB_HD_INLINE void on_catalogue(const TrialContext& c, double t) {
  const ScenarioView& sc = c.sc;
  const int j = c.n().catalogued++;
  const Cloud& cl = c.ws.clouds[j];
  for (int k = 0; k < sc.debris.n_cells; ++k) {
    const double tau = sc.cell_tau_days[k * kDebrisClassCount + kCatastrophic];
    const double spread = sc.spread[cl.cell * sc.debris.n_cells + k];
    const double still_there = hd_exp(-sc.debris.catalog_delay_days / tau);
    cloud_add(c.ws.clouds_catalogued[k], tau, t, cl.fragments[kCatastrophic] * spread * still_there);
    const CloudTree tree = cloud_tree(c, k, kTreeCatLive);
    tree.add(j, -sc.debris.avoidance * cloud_weight(cl.fragments[kCatastrophic], spread, cl.t_days, tree.t_ref, tau),
             c.n().n_clouds);
  }
  schedule_catalogue(c);
  for (int s = 0; s < sc.n_shells; ++s) reschedule_group(c, s, kGroupCatLive, t);
}

ORB_HD_INLINE int debris_satellite_left(const TrialContext& c, int slot, const SatState& s, double t, int fate) {
  const int shell = s.shell;
  c.ws.manoeuvre_days[shell] += manoeuvre_ratio_days(c.sc, c.ws, shell, t);
  membership_changed(c, shell, kGroupDamaging, kGroupCatLive, c.ws.n_live[shell] + 1, c.ws.n_live[shell], t);
  if (fate == kFateDispose) {
    RngStream rng(c.sc.seed, c.trial, Purpose::kDisposal, s.entity);
    fate = rng.uniform() < c.sc.debris.disposal_reliability ? kFateGone : kFateDerelict;
  }
  if (fate != kFateDerelict) return kSatGone;
  c.ws.sat.status[slot] = kSatDerelict;
  list_add(c, c.ws.derelict, c.ws.n_derelict, shell, slot);
  membership_changed(c, shell, kGroupCatDerelict, kGroupReentry, c.ws.n_derelict[shell] - 1, c.ws.n_derelict[shell], t);
  return kSatDerelict;
}

ORB_HD_INLINE void debris_satellite_joined(const TrialContext& c, int shell, double t) {
  if (c.sc.debris.enabled)
    membership_changed(c, shell, kGroupDamaging, kGroupCatLive, c.ws.n_live[shell] - 1, c.ws.n_live[shell], t);
}

// Per-trial set-up: no clouds, every group empty.
ORB_HD_INLINE void debris_setup(const TrialContext& c) {
  const ScenarioView& sc = c.sc;
  for (int s = 0; s < sc.n_shells; ++s) {
    c.ws.n_derelict[s] = 0;
    c.ws.manoeuvre_days[s] = 0.0;
    for (int k = 0; k < kGroupKinds; ++k) c.ws.groups[s * kGroupKinds + k] = GroupState{kInfinity, 0, 0};
  }
  for (int i = 0; i < sc.debris.n_cells * kDebrisClassCount; ++i) c.ws.clouds_all[i] = CloudSum{};
  for (int i = 0; i < sc.debris.n_cells; ++i) c.ws.clouds_catalogued[i] = CloudSum{};
}

// Once the satellites are in orbit: the groups' first clocks and the forced breakups.
ORB_HD_INLINE void debris_start(const TrialContext& c) {
  const ScenarioView& sc = c.sc;
  if (!sc.debris.enabled) return;
  for (int s = 0; s < sc.n_shells; ++s) membership_changed(c, s, kGroupDamaging, kGroupCatLive, 0, c.ws.n_live[s], 0.0);
  if (sc.debris.n_forced > 0) c.queue().set(kSourceForced, sc.forced[0].time_days);
}

// Derelicts and expected fragments in each shell's cell at the end of bin b (time t).
ORB_HD_INLINE void debris_snapshot(const TrialContext& c, int b, double t) {
  const ScenarioView& sc = c.sc;
  for (int s = 0; s < sc.n_shells; ++s) {
    c.rec.ints[c.L.derelicts + b * c.L.n_shells + s] = c.ws.n_derelict[s];
    const int cell = sc.shells[s].cell;
    double n[kDebrisClassCount] = {0.0, 0.0, 0.0};
    for (int k = kLethal; k <= kCatastrophic && sc.debris.enabled; ++k)
      n[k] = cloud_fragments(c.ws.clouds_all[cell * kDebrisClassCount + k], sc.cell_tau_days[cell * kDebrisClassCount + k], t);
    c.rec.dbls[c.L.fragments + (b * c.L.n_shells + s) * 2 + 0] = n[kLethal] + n[kCatastrophic];
    c.rec.dbls[c.L.fragments + (b * c.L.n_shells + s) * 2 + 1] = n[kCatastrophic];
  }
}

// Collision-avoidance manoeuvres per shell: a Poisson count of the conjunctions met while live
// (MODEL.md), drawn once the whole mission is known.
ORB_HD_INLINE void debris_finish(const TrialContext& c) {
  const ScenarioView& sc = c.sc;
  if (!sc.debris.enabled) return;
  for (int s = 0; s < sc.n_shells; ++s) {
    const double mean_days = c.ws.manoeuvre_days[s] + c.ws.n_live[s] * manoeuvre_ratio_days(sc, c.ws, s, c.t_end());
    RngStream rng(sc.seed, c.trial, Purpose::kManoeuvres, static_cast<uint32_t>(s));
    c.rec.ints[c.L.manoeuvres + s] = static_cast<int32_t>(sample_poisson(rng, sc.debris.conjunctions_per_sat_day * mean_days));
  }
}

}  // namespace orb
