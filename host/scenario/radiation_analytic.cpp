#include "host/scenario/radiation_analytic.hpp"

#include <cmath>

#include "kernels/normal.hpp"
#include "kernels/radiation.hpp"

namespace orb {

double spe_expected_events(const RadiationGlobals& r, double t) {
  const double w = 2.0 * M_PI / r.spe_cycle_days;
  return r.spe_base_per_day * (t + r.spe_modulation / w * (std::sin(w * (t - r.spe_t_max_days)) - std::sin(-w * r.spe_t_max_days)));
}

double spe_exceedance(const RadiationGlobals& r, double pfu) {
  if (pfu <= r.spe_min_pfu) return 1.0;
  if (pfu >= r.spe_max_pfu) return 0.0;
  const double floor = std::pow(r.spe_max_pfu / r.spe_min_pfu, -r.spe_tail_index);
  return (std::pow(pfu / r.spe_min_pfu, -r.spe_tail_index) - floor) / (1.0 - floor);
}

std::vector<ShellRadiationOutlook> radiation_outlook(const ScenarioData& sc) {
  std::vector<ShellRadiationOutlook> out;
  const RadiationGlobals& g = sc.dims.radiation;
  const double T = sc.dims.mission_days;
  for (const ShellRadiation& r : sc.shell_radiation) {
    ShellRadiationOutlook o;
    o.due_per_gpu_day = due_rate_per_gpu_day(g, r, r.seu_per_bit_day);
    o.corrected_per_gpu_day = (1.0 - g.mbu_fraction) * r.seu_per_bit_day * r.hbm_bits;
    o.unavailability = o.due_per_gpu_day * g.due_downtime_days;
    o.dose_end_rad = r.dose_rate_per_day * T;
    o.past_tolerance = o.dose_end_rad > 0.0
                           ? normal_cdf((std::log(o.dose_end_rad) - r.tol_ln_median_rad) / r.tol_sigma_ln)
                           : 0.0;
    o.sel_per_gpu = r.sel_per_gpu_day * T;
    out.push_back(o);
  }
  return out;
}

SpeOutlook spe_outlook(const ScenarioData& sc) {
  SpeOutlook o;
  const RadiationGlobals& g = sc.dims.radiation;
  if (!g.spe_enabled) return o;
  o.events = spe_expected_events(g, sc.dims.mission_days);
  for (int level = 1; level <= 5; ++level) o.at_least_level[level - 1] = o.events * spe_exceedance(g, std::pow(10.0, level));
  return o;
}

}  // namespace orb
