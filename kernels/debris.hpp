// Orbital debris (MODEL.md section 3): background flux with growth, fragment clouds in
// altitude cells (particle in a box), and the cumulative fluxes whose inverses give exact hit
// times. All closed forms: background ∫φ0(1+g)^(t/y) dt, clouds τ·(Σ N_j − Σ N_j e^{−(t−t_j)/τ}).
//
// Clouds in one cell of one size class share a lifetime τ, so all of them collapse into two
// running sums (CloudSum) and a cumulative flux costs O(1) however many breakups happened.
#pragma once

#include "hd.hpp"

namespace orb {

enum DebrisClass : int { kDamaging = 0, kLethal = 1, kCatastrophic = 2, kDebrisClassCount = 3 };

// The targets a trial tracks per shell, one debris group each: every member sees the same
// flux, so the group's next event comes from one clock (event_loop.hpp explains the
// superposition).
enum GroupKind : int {
  kGroupDamaging = 0,     // live satellites, damaging objects on the exposed area
  kGroupLethal = 1,       // live satellites, lethal objects on the vulnerable area
  kGroupCatLive = 2,      // live satellites, catastrophic objects (avoidance applies)
  kGroupCatDerelict = 3,  // derelicts, catastrophic objects
  kGroupReentry = 4,      // derelicts re-entering
  kGroupKinds = 5
};

// The group's next event is when its cumulative per-member hazard reaches `threshold`.
struct GroupState {
  double threshold;
  uint32_t words;       // position in the group's random stream
  uint32_t attr_words;  // position in the group's attribution stream
};

// One breakup's fragment cloud.
struct Cloud {
  double t_days;
  double fragments[3];  // by DebrisClass
  int32_t cell;
  int32_t chain;  // the breakup chain (insurance occurrence) it belongs to
};

// Fragments of every cloud of one size class in one cell: s0 = Σ N_j (fragments ever put
// there), s1 = Σ N_j e^{-(t_ref - t_j)/τ} (fragments still there at t_ref, the latest
// breakup). Valid for t >= t_ref, which holds because events are processed in time order.
struct CloudSum {
  double s0 = 0.0;
  double s1 = 0.0;
  double t_ref = 0.0;
};

ORB_HD_INLINE double cloud_fragments(const CloudSum& c, double tau_days, double t) {
  return c.s1 == 0.0 ? 0.0 : c.s1 * hd_exp(-(t - c.t_ref) / tau_days);
}

// ∫_0^t fragments(u) du, in fragment-days.
ORB_HD_INLINE double cloud_fragment_days(const CloudSum& c, double tau_days, double t) {
  return tau_days * (c.s0 - cloud_fragments(c, tau_days, t));
}

ORB_HD_INLINE void cloud_add(CloudSum& c, double tau_days, double t, double fragments) {
  c.s1 = cloud_fragments(c, tau_days, t) + fragments;
  c.s0 += fragments;
  c.t_ref = t;
}

// Background flux φ0 e^{k t} (k = ln(1 + g) per year, in per day) and its integral from 0,
// per m² per day; with its closed-form inverse for groups that see no fragments.
ORB_HD_INLINE double background_rate(double phi0_per_day, double k_per_day, double t_days) {
  return k_per_day == 0.0 ? phi0_per_day : phi0_per_day * hd_exp(k_per_day * t_days);
}

ORB_HD_INLINE double background_integral(double phi0_per_day, double k_per_day, double t_days) {
  if (k_per_day == 0.0) return phi0_per_day * t_days;
  return phi0_per_day * hd_expm1(k_per_day * t_days) / k_per_day;
}

// t with background_integral(t) = integral (+inf when the flux is zero).
ORB_HD_INLINE double background_integral_inverse(double phi0_per_day, double k_per_day, double integral) {
  if (!(phi0_per_day > 0.0)) return kInfinity;
  if (k_per_day == 0.0) return integral / phi0_per_day;
  return hd_log1p(k_per_day * integral / phi0_per_day) / k_per_day;
}

// NASA Standard Breakup Model (Johnson et al. 2001, EVOLVE 4.0): fragments larger than
// lc_m number 0.1 M^0.75 Lc^-1.71, M in kg, Lc in metres.
ORB_HD_INLINE double sbm_fragments(double mass_kg, double lc_m) {
  return 0.1 * hd_pow(mass_kg, 0.75) * hd_pow(lc_m, -1.71);
}

// Fragments per size class for a breakup of total mass M: damaging >= 3 mm, lethal in
// [1 cm, 10 cm), catastrophic >= 10 cm.
ORB_HD_INLINE void breakup_fragments(double mass_kg, double out[kDebrisClassCount]) {
  const double n10cm = sbm_fragments(mass_kg, 0.1);
  out[kDamaging] = sbm_fragments(mass_kg, 0.003);
  out[kLethal] = sbm_fragments(mass_kg, 0.01) - n10cm;
  out[kCatastrophic] = n10cm;
}

// Smallest t in [lo, hi] with f(t) >= target for a non-decreasing f with derivative df:
// safeguarded Newton (bisection whenever Newton leaves the bracket). Returns +inf when
// f(hi) < target. Converges to a few ulps of t; no time stepping.
template <class F, class DF>
ORB_HD double solve_increasing(const F& f, const DF& df, double target, double lo, double hi) {
  if (!(f(hi) >= target)) return kInfinity;
  if (f(lo) >= target) return lo;
  double x = 0.5 * (lo + hi);
  const double d_lo = df(lo);
  if (d_lo > 0.0) {
    const double guess = lo + (target - f(lo)) / d_lo;
    if (guess > lo && guess < hi) x = guess;
  }
  for (int it = 0; it < 200; ++it) {
    const double g = f(x) - target;
    if (g >= 0.0) hi = x;
    else lo = x;
    if (hi - lo <= 1e-12 * hd_max(1.0, hi)) break;
    const double d = df(x);
    double next = d > 0.0 ? x - g / d : 0.5 * (lo + hi);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (next == x) break;
    x = next;
  }
  return hi;
}

}  // namespace orb
