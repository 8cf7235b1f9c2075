#include "host/scenario/replenishment_analytic.hpp"

#include <cmath>
#include <algorithm>
#include <cstdio>

#include "host/scenario/analytic.hpp"
#include "host/text.hpp"

namespace orb {

double expected_replacements_per_position(const ClassConfig& c, double lead_days, double mission_days) {
  const int n = static_cast<int>(std::ceil(mission_days));
  const int lag = static_cast<int>(std::lround(lead_days));
  std::vector<double> f(n + 1, 0.0), u(n + 1, 0.0);  // life density and arrival density per day
  double prev = 1.0;
  for (int t = 1; t <= n; ++t) {
    const double now = satellite_survival(c, t);
    f[t] = prev - now;
    prev = now;
  }
  double total = 0.0;
  for (int t = 1; t <= n; ++t) {
    if (t - lag < 1) continue;
    double v = f[t - lag];
    for (int s = 1; s + lag < t; ++s) v += u[s] * f[t - s - lag];
    u[t] = v;
    total += v;
  }
  return total;
}

double mean_life_days(const ClassConfig& c) {
  // log-spaced trapezoids: the early-failure Weibulls change fastest near t = 0
  constexpr int kSteps = 4000;
  const double horizon = 1.0e4 * kDaysPerYear;
  double total = 0.0, t_prev = 0.0, s_prev = 1.0;
  for (int i = 1; i <= kSteps; ++i) {
    const double t = horizon * std::expm1(12.0 * i / kSteps) / std::expm1(12.0);
    const double s_now = satellite_survival(c, t);
    total += 0.5 * (s_prev + s_now) * (t - t_prev);
    t_prev = t, s_prev = s_now;
  }
  return total;
}

ReplenishmentNeed replenishment_need(const Config& cfg) {
  const ReplenishmentConfig& r = cfg.replenishment;
  const double years = cfg.mission_days() / kDaysPerYear;
  ReplenishmentNeed need;
  for (const auto& s : cfg.shells) {
    const double m = s.satellites *
                     expected_replacements_per_position(cfg.classes[s.class_index], r.lead_time_days, cfg.mission_days());
    need.mission_replacements.push_back(m);
    need.replacements_per_year.push_back(m / years);
    const double reflown = r.satellites_per_launch * (1.0 - r.launch_failure_probability);
    need.launches_per_year += m / years / reflown;
    const double life = mean_life_days(cfg.classes[s.class_index]);
    need.mean_life_days.push_back(life);
    need.steady_launches_per_year += s.satellites * kDaysPerYear / (life + r.lead_time_days) / reflown;
  }
  return need;
}

void print_replenishment_validation(std::ostream& os, const Config& cfg, const ScenarioData& sc) {
  const ReplenishmentConfig& r = cfg.replenishment;
  const ReplenishmentNeed need = replenishment_need(cfg);
  os << "\nreplenishment over the mission (attrition only, no spares; debris and radiation losses come on top):\n";
  for (size_t i = 0; i < cfg.shells.size(); ++i)
    os << "  " << cfg.shells[i].name << ": " << cfg.shells[i].satellites << " positions, "
       << cfg.shells[i].spare_satellites << " spares, " << format_number("%.1f", need.mission_replacements[i])
       << " replacements expected (" << format_number("%.2f", need.replacements_per_year[i]) << " per year)\n";
  os << "  launches needed: " << format_number("%.2f", need.launches_per_year) << " per year over the mission, "
     << format_number("%.2f", need.steady_launches_per_year) << " in the long run (mean satellite life";
  for (double life : need.mean_life_days) os << " " << format_number("%.3g", life / kDaysPerYear);
  os << " y; " << r.satellites_per_launch
     << " per launch, " << format_number("%.0f", 100.0 * r.launch_failure_probability) << "% re-flown); cap "
     << (std::isfinite(r.max_launches_per_year) ? format_number("%.0f", r.max_launches_per_year) : std::string("none"))
     << "; room for " << sc.dims.replenish.max_replacements << " replacements per trial\n";
  const double most = std::max(need.launches_per_year, need.steady_launches_per_year);
  if (most > r.max_launches_per_year)
    os << "  WARNING: the launch cap (" << format_number("%.0f", r.max_launches_per_year) << "/yr) cannot keep up with "
       << format_number("%.2f", most) << " launches/yr: empty positions will accumulate\n";
}

}  // namespace orb
