#include "replenishment_analytic.hpp"

#include <cmath>
#include <cstdio>

#include "analytic.hpp"

namespace orb {

namespace {

std::string f(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

}  // namespace

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

ReplenishmentNeed replenishment_need(const Config& cfg) {
  const ReplenishmentConfig& r = cfg.replenishment;
  const double years = cfg.mission_days() / kDaysPerYear;
  ReplenishmentNeed need;
  for (const auto& s : cfg.shells) {
    const double m = s.satellites *
                     expected_replacements_per_position(cfg.classes[s.class_index], r.lead_time_days, cfg.mission_days());
    need.mission_replacements.push_back(m);
    need.replacements_per_year.push_back(m / years);
    need.launches_per_year += m / years / r.satellites_per_launch / (1.0 - r.launch_failure_probability);
  }
  return need;
}

void print_replenishment_validation(std::ostream& os, const Config& cfg, const ScenarioData& sc) {
  const ReplenishmentConfig& r = cfg.replenishment;
  const ReplenishmentNeed need = replenishment_need(cfg);
  os << "\nreplenishment over the mission (attrition only, no spares; debris and radiation losses come on top):\n";
  for (size_t i = 0; i < cfg.shells.size(); ++i)
    os << "  " << cfg.shells[i].name << ": " << cfg.shells[i].satellites << " positions, "
       << cfg.shells[i].spare_satellites << " spares, " << f("%.1f", need.mission_replacements[i])
       << " replacements expected (" << f("%.2f", need.replacements_per_year[i]) << " per year)\n";
  os << "  launches needed: " << f("%.2f", need.launches_per_year) << " per year (" << r.satellites_per_launch
     << " per launch, " << f("%.0f", 100.0 * r.launch_failure_probability) << "% re-flown); cap "
     << (std::isfinite(r.max_launches_per_year) ? f("%.0f", r.max_launches_per_year) : std::string("none"))
     << "; room for " << sc.dims.replenish.max_replacements << " replacements per trial\n";
  if (need.launches_per_year > r.max_launches_per_year)
    os << "  WARNING: the launch cap (" << f("%.0f", r.max_launches_per_year) << "/yr) cannot keep up with "
       << f("%.2f", need.launches_per_year) << " launches/yr: empty positions will accumulate\n";
}

}  // namespace orb
