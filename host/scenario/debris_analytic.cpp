#include "host/scenario/debris_analytic.hpp"

#include <cmath>

#include "kernels/debris.hpp"
#include "host/scenario/scenario.hpp"

namespace orb {

namespace {

// One cloud class as seen from a target shell: flux f N w e^{-t/τ} per m² per day.
struct CloudView {
  double amplitude = 0.0;  // flux at t = 0 of the breakup
  double tau = 1.0;        // days
  double rate(double t) const { return amplitude * std::exp(-t / tau); }
  double integral(double t) const { return amplitude * tau * -std::expm1(-t / tau); }
};

// What live and derelict targets of one shell see from one breakup, first generation.
struct Target {
  CloudView lethal, catastrophic;
  double area, derelict_area, derelict_life, avoidance, delay, n;

  // Catastrophic flux on live satellites: avoided with efficiency ε once catalogued.
  double cat_live_rate(double t) const { return catastrophic.rate(t) * (t < delay ? 1.0 : 1.0 - avoidance); }
  double cat_live_integral(double t) const {
    if (t <= delay) return catastrophic.integral(t);
    return catastrophic.integral(delay) + (1.0 - avoidance) * (catastrophic.integral(t) - catastrophic.integral(delay));
  }
  // P(a derelict made at t breaks up on this cloud's catastrophic fragments before it
  // re-enters and before the mission ends at T).
  double derelict_breakup(double t, double T) const {
    const int steps = 400;
    const double span = T - t;
    if (span <= 0.0) return 0.0;
    const auto hit_by = [&](double u) { return -std::expm1(-derelict_area * (catastrophic.integral(u) - catastrophic.integral(t))); };
    double p = 0.0;  // re-entry at t + L within the mission (midpoint rule on L)
    for (int i = 0; i < steps; ++i) {
      const double l0 = span * i / steps, l1 = span * (i + 1) / steps;
      const double mass = std::exp(-l0 / derelict_life) - std::exp(-l1 / derelict_life);
      p += mass * hit_by(t + 0.5 * (l0 + l1));
    }
    return p + std::exp(-span / derelict_life) * hit_by(T);
  }
};

// Composite Simpson on [a, b] with n (even) panels.
template <class F>
double simpson(const F& f, double a, double b, int n) {
  if (b <= a) return 0.0;
  const double h = (b - a) / n;
  double s = f(a) + f(b);
  for (int i = 1; i < n; ++i) s += f(a + i * h) * (i % 2 ? 4.0 : 2.0);
  return s * h / 3.0;
}

Target target_of(const Config& cfg, const ShellConfig& s, int from_cell, const double fragments[3]) {
  const DebrisConfig& d = cfg.debris;
  const ClassConfig& c = cfg.classes[s.class_index];
  const int cell = debris_cell(d, s.altitude_km);
  const double share = spread_from(d, from_cell)[cell];
  const double f = flux_per_fragment_per_day(d, cell, impact_speed_km_s(s.inclination_deg));
  Target t;
  t.lethal = {d.lethal_hits ? f * fragments[kLethal] * share : 0.0, fragment_lifetime_days(d, cell, kLethal)};
  t.catastrophic = {f * fragments[kCatastrophic] * share, fragment_lifetime_days(d, cell, kCatastrophic)};
  t.area = c.vulnerable_area_m2;
  t.derelict_area = c.derelict_area_m2;
  t.derelict_life = d.derelict_lifetime_years.at(s.altitude_km) * kDaysPerYear;
  t.avoidance = d.avoidance_efficiency;
  t.delay = d.catalog_delay_days;
  t.n = s.satellites;
  return t;
}

}  // namespace

BreakupOutlook breakup_outlook(const Config& cfg, int cell, const double fragments[3], bool derelicts) {
  BreakupOutlook o;
  for (int k = 0; k < 3; ++k) o.fragments[k] = fragments[k];
  const double T = cfg.mission_days();
  for (const auto& s : cfg.shells) {
    const Target tg = target_of(cfg, s, cell, fragments);
    const double lethal_T = tg.area * tg.lethal.integral(T), cat_T = tg.area * tg.cat_live_integral(T);
    o.kills += tg.n * -std::expm1(-(lethal_T + cat_T));
    o.r0_live += tg.n * -std::expm1(-cat_T);
    if (!derelicts) continue;
    // live survival against both; a lethal hit makes a derelict that may still break up
    const auto alive = [&](double t) { return std::exp(-tg.area * (tg.lethal.integral(t) + tg.cat_live_integral(t))); };
    const auto live_breakup = [&](double t) { return tg.area * tg.cat_live_rate(t) * alive(t); };
    const auto derelict_breakup = [&](double t) {
      return tg.area * tg.lethal.rate(t) * alive(t) * tg.derelict_breakup(t, T);
    };
    const double split = std::min(tg.delay, T);  // the avoidance switch is a kink: integrate each side
    const double live = simpson(live_breakup, 0.0, split, 400) + simpson(live_breakup, split, T, 2000);
    const double derelict = simpson(derelict_breakup, 0.0, split, 100) + simpson(derelict_breakup, split, T, 400);
    o.r0_derelicts += tg.n * (live + derelict);
  }
  return o;
}

std::vector<ShellDebrisOutlook> debris_outlook(const Config& cfg, bool derelicts) {
  std::vector<ShellDebrisOutlook> out;
  const DebrisConfig& d = cfg.debris;
  for (const auto& s : cfg.shells) {
    const ClassConfig& c = cfg.classes[s.class_index];
    ShellDebrisOutlook o;
    const double areas[3] = {c.exposed_area_m2, d.lethal_hits ? c.vulnerable_area_m2 : 0.0,
                             c.vulnerable_area_m2 * (1.0 - d.avoidance_efficiency)};
    for (int k = 0; k < 3; ++k) o.hits_per_satellite_year[k] = areas[k] * d.flux_at(k, s.altitude_km);
    double fragments[3];
    breakup_fragments(c.mass_kg + d.impactor_mass_kg, fragments);
    o.breakup = breakup_outlook(cfg, debris_cell(d, s.altitude_km), fragments, derelicts);
    out.push_back(o);
  }
  return out;
}

}  // namespace orb
