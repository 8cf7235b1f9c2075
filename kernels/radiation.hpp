// Radiation (MODEL.md section 4). Solar particle events are sampled once per trial (the whole
// constellation shares them) and turned into a piecewise-linear timeline: at each knot, the
// integral of the events' SEU multiplier excess ΣM and of their reference dose. From it, per
// shell: the SEL hazard r (t + x ∫ΣM), the dose ρ t + c Q(t), and the TID hazard
// -log P(tolerance > dose), each with an exact inverse (no stepping).
#pragma once

#include "hd.hpp"
#include "normal.hpp"
#include "philox.hpp"
#include "sampling.hpp"
#include "scenario.hpp"

namespace orb {

struct SpeEvent {
  double t_days;
  double duration_days;
  double excess;    // M = F / F_ref: SEU multiplier excess at exposure 1
  double dose_rad;  // delivered linearly over the event, behind the reference shielding, x = 1
};

// Knot k: from t_days until the next knot, ΣM = excess and reference dose rate = dose_rate;
// `excess_days` and `dose` are the integrals of those from 0 to t_days.
struct SpeKnot {
  double t_days;
  double excess_days;
  double dose;
  double excess;
  double dose_rate;
};

struct SpeTimeline {
  Strided<SpeKnot> knots;
  int n;  // >= 1; knot 0 is at t = 0
};

// Event rate per day at mission day t: (N/P)(1 + a cos(2π (t - t_max) / P)).
ORB_HD_INLINE double spe_rate(const RadiationGlobals& r, double t_days) {
  return r.spe_base_per_day *
         (1.0 + r.spe_modulation * hd_cos(6.283185307179586476925 * (t_days - r.spe_t_max_days) / r.spe_cycle_days));
}

// Peak >10 MeV flux (pfu): Pareto above min_pfu with tail index α, truncated at max_pfu,
// P(F > f) = ((f/f0)^-α - (fmax/f0)^-α) / (1 - (fmax/f0)^-α), by inversion.
ORB_HD_INLINE double spe_peak_pfu(const RadiationGlobals& r, double u) {
  const double floor = hd_pow(r.spe_max_pfu / r.spe_min_pfu, -r.spe_tail_index);
  return r.spe_min_pfu * hd_pow(floor + u * (1.0 - floor), -1.0 / r.spe_tail_index);
}

// The trial's events in time order (thinning of the cycle-modulated Poisson process): calls
// f(event) for each, and stops early when f returns false. Returns how many were visited.
template <class F>
ORB_HD_INLINE int visit_spe_events(const ScenarioView& sc, uint32_t trial, F&& f) {
  const RadiationGlobals& r = sc.radiation;
  if (!r.enabled || !r.spe_enabled || !(r.spe_base_per_day > 0.0)) return 0;
  RngStream rng(sc.seed, trial, Purpose::kSpe, 0);
  const double peak_rate = r.spe_base_per_day * (1.0 + r.spe_modulation);
  int n = 0;
  for (double t = 0.0;;) {
    t += sample_exp1(rng) / peak_rate;
    if (!(t < sc.mission_days)) return n;
    if (!(rng.uniform() * peak_rate < spe_rate(r, t))) continue;
    const double pfu = spe_peak_pfu(r, rng.uniform());
    const double duration = sample_lognormal(rng, r.spe_duration_median_days, r.spe_duration_sigma_ln);
    if (!f(SpeEvent{t, duration, pfu / r.spe_reference_pfu, r.spe_dose_ref_rad * pfu / r.spe_reference_pfu})) return n;
    ++n;
  }
}

// The trial's events into `out`; returns how many, or -1 when more than max_spe would be
// needed (never at any realistic setting).
ORB_HD_INLINE int sample_spe_events(const ScenarioView& sc, uint32_t trial, Strided<SpeEvent> out) {
  int n = 0;
  bool overflow = false;
  visit_spe_events(sc, trial, [&](const SpeEvent& e) {
    if (n == sc.radiation.max_spe) {
      overflow = true;
      return false;
    }
    out[n++] = e;
    return true;
  });
  return overflow ? -1 : n;
}

ORB_HD_INLINE void sort_doubles(Strided<double> a, int n) {  // insertion sort: n is small
  for (int i = 1; i < n; ++i) {
    const double v = a[i];
    int j = i - 1;
    for (; j >= 0 && a[j] > v; --j) a[j + 1] = a[j];
    a[j + 1] = v;
  }
}

// Knots at t = 0 and at every event start and end. `scratch` holds 2 n doubles.
ORB_HD_INLINE int build_spe_timeline(Strided<SpeEvent> ev, int n, Strided<double> scratch,
                                     Strided<SpeKnot> knots) {
  for (int i = 0; i < n; ++i) scratch[2 * i] = ev[i].t_days, scratch[2 * i + 1] = ev[i].t_days + ev[i].duration_days;
  sort_doubles(scratch, 2 * n);
  int m = 0;
  double excess_days = 0.0, dose = 0.0;
  for (int i = -1; i < 2 * n; ++i) {
    const double t = i < 0 ? 0.0 : scratch[i];
    if (m > 0) {
      const SpeKnot& prev = knots[m - 1];
      if (t == prev.t_days) continue;
      excess_days += prev.excess * (t - prev.t_days);
      dose += prev.dose_rate * (t - prev.t_days);
    }
    double excess = 0.0, rate = 0.0;  // summed afresh so no rounding residue outlives an event
    for (int e = 0; e < n; ++e)
      if (ev[e].t_days <= t && t < ev[e].t_days + ev[e].duration_days)
        excess += ev[e].excess, rate += ev[e].dose_rad / ev[e].duration_days;
    knots[m++] = SpeKnot{t, excess_days, dose, excess, rate};
  }
  return m;
}

// Last knot at or before t.
ORB_HD_INLINE int spe_knot_at(const SpeTimeline& s, double t) {
  return last_where(0, s.n - 1, [&](int k) { return s.knots[k].t_days <= t; });
}

// Where a search over the knots ended; a satellite's timeline asks at increasing times and
// levels, so the next search starts there and moves forward (O(1) amortised).
struct SpeCursor {
  int at = 0;
  int inverse = 0;
};

// A shell-level piecewise-linear function a·t + b·(knot integral): its value at t, and the t
// at which it reaches a target (kInfinity when it never does within `limit`).
struct SpeLinear {
  double a;
  double b;
  bool dose;  // integrate the dose column, else the multiplier-excess column
  ORB_HD_INLINE double value_at_knot(const SpeKnot& k) const { return a * k.t_days + b * (dose ? k.dose : k.excess_days); }
  ORB_HD_INLINE double slope(const SpeKnot& k) const { return a + b * (dose ? k.dose_rate : k.excess); }
  ORB_HD_INLINE double at(const SpeTimeline& s, double t, SpeCursor* cursor = nullptr) const {
    int i = 0;
    if (cursor && s.knots[cursor->at].t_days <= t) {
      i = cursor->at;
      while (i + 1 < s.n && s.knots[i + 1].t_days <= t) ++i;
    } else {
      i = spe_knot_at(s, t);
    }
    if (cursor) cursor->at = i;
    const SpeKnot& k = s.knots[i];
    return value_at_knot(k) + slope(k) * (t - k.t_days);
  }
  ORB_HD_INLINE double inverse(const SpeTimeline& s, double target, double limit, SpeCursor* cursor = nullptr) const {
    int lo = 0;
    if (cursor && value_at_knot(s.knots[cursor->inverse]) < target) {
      lo = cursor->inverse;
      while (lo + 1 < s.n && value_at_knot(s.knots[lo + 1]) < target) ++lo;
    } else {  // the last knot whose value is below the target
      lo = last_where(0, s.n - 1, [&](int k) { return value_at_knot(s.knots[k]) < target; });
    }
    if (cursor) cursor->inverse = lo;
    const SpeKnot& k = s.knots[lo];
    const double sl = slope(k);
    if (!(sl > 0.0)) return kInfinity;
    const double t = k.t_days + (target - value_at_knot(k)) / sl;
    return t < limit ? t : kInfinity;
  }
};

ORB_HD_INLINE SpeLinear sel_function(const ShellRadiation& r) {
  return SpeLinear{r.sel_per_gpu_day, r.sel_per_gpu_day * r.exposure, false};
}

ORB_HD_INLINE SpeLinear dose_function(const ShellRadiation& r) {
  return SpeLinear{r.dose_rate_per_day, r.event_dose_factor, true};
}

// TID cumulative hazard of one GPU: its tolerance is lognormal, so -log P(tol > D(t)), with
// D the dose since its launch (the dose integral less dose0, its value at launch).
ORB_HD_INLINE double tid_hazard_from(const ShellRadiation& r, const SpeTimeline& s, double t, double dose0,
                                     SpeCursor* cursor = nullptr) {
  const double d = dose_function(r).at(s, t, cursor) - dose0;
  if (!(d > 0.0)) return 0.0;
  return normal_tail_hazard((hd_log(d) - r.tol_ln_median_rad) / r.tol_sigma_ln);
}

// Time the TID hazard reaches `hazard`: the dose at which P(tol > D) = e^-hazard.
ORB_HD_INLINE double tid_hazard_inverse_from(const ShellRadiation& r, const SpeTimeline& s, double hazard, double dose0,
                                             double limit, SpeCursor* cursor = nullptr) {
  const double z = normal_quantile(-hd_expm1(-hazard));
  return dose_function(r).inverse(s, hd_exp(r.tol_ln_median_rad + r.tol_sigma_ln * z) + dose0, limit, cursor);
}

// Detected-uncorrectable errors per in-service GPU per day at SEU rate λ per bit-day:
// two single-bit upsets in one word between scrubs, plus multi-bit upsets (MODEL.md).
ORB_HD_INLINE double due_rate_per_gpu_day(const RadiationGlobals& g, const ShellRadiation& r, double lambda) {
  const double n = g.word_bits, words = r.hbm_bits / n;
  const double single = (1.0 - g.mbu_fraction) * lambda;
  return words * n * (n - 1.0) / 2.0 * single * single * g.scrub_days + g.mbu_fraction * lambda * r.hbm_bits;
}

}  // namespace orb
