// The debris environment a trial's satellites see: per shell and target group, the cumulative
// hazard per unit area (what a member's Exp(1) clock is compared with) and its rate, split
// into background and fragment parts so a hit can be attributed to one or the other.
#pragma once

#include "debris.hpp"
#include "scenario.hpp"
#include "workspace.hpp"

namespace orb {

struct FluxParts {
  double background;
  double fragments;
  ORB_HD_INLINE double total() const { return background + fragments; }
};

ORB_HD_INLINE double group_area(const ShellDebris& d, int kind) {
  switch (kind) {
    case kGroupDamaging: return d.area_m2[kDamaging];
    case kGroupLethal: return d.area_m2[kLethal];
    case kGroupCatLive: return d.area_m2[kCatastrophic];
    case kGroupCatDerelict: return d.derelict_area_m2;
    default: return 1.0;
  }
}

ORB_HD_INLINE int group_class(int kind) {
  return kind == kGroupDamaging ? kDamaging : (kind == kGroupLethal ? kLethal : kCatastrophic);
}

// Background flux per m² per day at t = 0 that one member of a debris group sees: live
// satellites avoid catalogued (all background) catastrophic objects.
ORB_HD_INLINE double group_background_phi0(const ScenarioView& sc, int shell, int kind) {
  const int cls = group_class(kind);
  if (cls == kLethal && !sc.debris.lethal_hits) return 0.0;
  const double phi0 = sc.shell_debris[shell].background_per_day[cls];
  return kind == kGroupCatLive ? phi0 * (1.0 - sc.debris.avoidance) : phi0;
}

// Cumulative (integral = true) or instantaneous flux per m² that one member of group `kind`
// of `shell` sees at t; for re-entry, the cumulative re-entry hazard t / lifetime.
ORB_HD_INLINE FluxParts group_flux(const ScenarioView& sc, const TrialWorkspace& ws, int shell,
                                   int kind, double t, bool integral) {
  const ShellDebris& d = sc.shell_debris[shell];
  if (kind == kGroupReentry)
    return FluxParts{integral ? t / d.derelict_lifetime_days : 1.0 / d.derelict_lifetime_days, 0.0};
  const int cls = group_class(kind);
  if (cls == kLethal && !sc.debris.lethal_hits) return FluxParts{0.0, 0.0};
  const int cell = sc.shells[shell].cell;
  const double tau = sc.cell_tau_days[cell * kDebrisClassCount + cls];
  const CloudSum& all = ws.clouds_all[cell * kDebrisClassCount + cls];
  const double phi0 = group_background_phi0(sc, shell, kind), k = sc.debris.growth_per_day;
  const double bg = integral ? background_integral(phi0, k, t) : background_rate(phi0, k, t);
  double frag = integral ? cloud_fragment_days(all, tau, t) : cloud_fragments(all, tau, t);
  if (kind == kGroupCatLive) {
    const CloudSum& cat = ws.clouds_catalogued[cell];
    frag -= sc.debris.avoidance * (integral ? cloud_fragment_days(cat, tau, t) : cloud_fragments(cat, tau, t));
  }
  return FluxParts{bg, hd_max(frag, 0.0) * d.flux_per_fragment};
}

// Time at which the group's cumulative per-member flux reaches `target`, when the group sees
// no fragments (no cloud has reached its cell yet): the background's closed-form inverse.
// Returns a negative value when fragments are present and a root search is needed.
ORB_HD_INLINE double group_flux_inverse_background(const ScenarioView& sc, const TrialWorkspace& ws,
                                                   int shell, int kind, double target) {
  if (kind == kGroupReentry) return target * sc.shell_debris[shell].derelict_lifetime_days;
  const int cell = sc.shells[shell].cell;
  if (ws.clouds_all[cell * kDebrisClassCount + group_class(kind)].s0 != 0.0) return -1.0;
  return background_integral_inverse(group_background_phi0(sc, shell, kind), sc.debris.growth_per_day, target);
}

// ∫_0^t (catalogued catastrophic flux / background catastrophic flux at t = 0) dt, in days:
// what a live satellite's expected manoeuvres grow with (a ratio of 1 where the background
// is zero).
ORB_HD_INLINE double manoeuvre_ratio_days(const ScenarioView& sc, const TrialWorkspace& ws,
                                          int shell, double t) {
  const ShellDebris& d = sc.shell_debris[shell];
  const double phi0 = d.background_per_day[kCatastrophic];
  if (!(phi0 > 0.0)) return t;
  const int cell = sc.shells[shell].cell;
  const double tau = sc.cell_tau_days[cell * kDebrisClassCount + kCatastrophic];
  const double bg = background_integral(phi0, sc.debris.growth_per_day, t);
  const double frag = cloud_fragment_days(ws.clouds_catalogued[cell], tau, t) * d.flux_per_fragment;
  return (bg + frag) / phi0;
}

}  // namespace orb
