#include "host/config/config_replenishment.hpp"

#include <cmath>

#include "host/config/config_text.hpp"

namespace orb {

ReplenishmentConfig read_replenishment(TableReader* t) {
  ReplenishmentConfig r;
  if (!t) return r;
  r.enabled = t->boolean("enabled", r.enabled);
  r.spare_activation_days = t->number("spare_activation_days", r.spare_activation_days, closed(0.0, 36525.0));
  r.lead_time_days = t->number("lead_time_days", r.lead_time_days, open_closed(0.0, 36525.0));
  r.max_launches_per_year = t->number_or_inf("max_launches_per_year", r.max_launches_per_year, closed(0.0, 1.0e6));
  if (std::isfinite(r.max_launches_per_year) && r.max_launches_per_year != std::floor(r.max_launches_per_year))
    t->fail("max_launches_per_year", "must be a whole number of launches (or inf), got " +
                                         toml_float(r.max_launches_per_year));
  r.satellites_per_launch = static_cast<int>(t->integer("satellites_per_launch", r.satellites_per_launch, closed(1, 10000)));
  r.launch_failure_probability =
      t->number("launch_failure_probability", r.launch_failure_probability, closed(0.0, 0.99));
  r.replacement_cost_usd = t->number("replacement_cost_usd", r.replacement_cost_usd, closed(0.0, 1.0e12));
  r.max_replacements = static_cast<int>(t->integer("max_replacements", r.max_replacements, closed(0, 10000000)));
  t->finish();
  return r;
}

ForcedLossConfig read_forced_loss(TableReader& t) {
  ForcedLossConfig f;
  f.shell = t.string("shell", std::nullopt);
  f.time_days = t.number("time_days", std::nullopt, closed(0.0, 36525.0));
  f.satellites = static_cast<int>(t.integer("satellites", f.satellites, closed(1, 1000000)));
  t.finish();
  return f;
}

void check_replenishment(TableReader& root, Config& cfg, std::vector<TableReader>& shells,
                         std::vector<TableReader>& forced) {
  for (size_t i = 0; i < cfg.shells.size(); ++i)
    if (cfg.shells[i].spare_satellites > 0 && !cfg.replenishment.enabled)
      shells[i].fail("spare_satellites", "in-orbit spares need [replenishment] enabled = true");
  for (size_t j = 0; j < cfg.forced_losses.size(); ++j) {
    ForcedLossConfig& f = cfg.forced_losses[j];
    bool found = false;
    for (size_t i = 0; i < cfg.shells.size(); ++i)
      if (cfg.shells[i].name == f.shell) f.shell_index = static_cast<int>(i), found = true;
    if (!found) forced[j].fail("shell", "no [[shell]] named '" + f.shell + "'");
    if (f.time_days >= cfg.mission_days())
      forced[j].fail("time_days", "must be within the mission (< " + toml_float(cfg.mission_days()) + " days)");
    if (f.satellites > cfg.shells[f.shell_index].satellites)
      forced[j].fail("satellites", "exceeds the shell's " + std::to_string(cfg.shells[f.shell_index].satellites) +
                                       " satellites");
  }
  (void)root;
}

void write_replenishment(std::ostream& os, const Config& cfg) {
  const ReplenishmentConfig& r = cfg.replenishment;
  os << "\n[replenishment]\nenabled = " << toml_bool(r.enabled)
     << "\nspare_activation_days = " << toml_float(r.spare_activation_days)
     << "\nlead_time_days = " << toml_float(r.lead_time_days)
     << "\nmax_launches_per_year = " << toml_float_or_inf(r.max_launches_per_year)
     << "\nsatellites_per_launch = " << r.satellites_per_launch
     << "\nlaunch_failure_probability = " << toml_float(r.launch_failure_probability)
     << "\nreplacement_cost_usd = " << toml_float(r.replacement_cost_usd)
     << "\nmax_replacements = " << r.max_replacements << "\n";
  for (const auto& f : cfg.forced_losses)
    os << "\n[[forced_loss]]\nshell = " << toml_string(f.shell) << "\ntime_days = " << toml_float(f.time_days)
       << "\nsatellites = " << f.satellites << "\n";
}

}  // namespace orb
