#include "host/config/config.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "host/config/config_replenishment.hpp"
#include "host/config/config_text.hpp"
#include "host/config/toml_reader.hpp"

namespace orb {

namespace {

constexpr double kMaxYears = 100.0;
constexpr int kMaxBins = 100000;
constexpr int kMaxThresholds = 16;
constexpr int kMaxUnits = 64;
constexpr double kMaxIndex = 2147483647.0;

MissionConfig read_mission(TableReader* t) {
  MissionConfig m;
  if (!t) return m;
  m.years = t->number("years", m.years, open_closed(0.0, kMaxYears));
  m.start_year = t->number("start_year", m.start_year, closed(1950.0, 2200.0));
  t->finish();
  return m;
}

OutputConfig read_output(TableReader* t, double mission_days) {
  OutputConfig o;
  if (!t) return o;
  o.bin_days = t->number("bin_days", o.bin_days, open_closed(0.0, mission_days));
  if (mission_days / o.bin_days > kMaxBins)
    t->fail("bin_days", "gives more than " + std::to_string(kMaxBins) + " bins over the mission");
  o.capacity_thresholds =
      t->numbers("capacity_thresholds", o.capacity_thresholds, open_closed(0.0, 1.0));
  if (o.capacity_thresholds.size() > kMaxThresholds)
    t->fail("capacity_thresholds", "at most " + std::to_string(kMaxThresholds) + " values");
  if (std::set<double>(o.capacity_thresholds.begin(), o.capacity_thresholds.end()).size() !=
      o.capacity_thresholds.size())
    t->fail("capacity_thresholds", "values must be distinct");
  t->finish();
  return o;
}

const Range kShape = open_closed(0.0, 20.0);
const Range kScaleYears = open_closed(0.0, 1.0e7);

BusConfig read_bus(TableReader& t) {
  BusConfig b;
  b.shape = t.number("shape", b.shape, kShape);
  b.scale_years = t.number("scale_years", b.scale_years, kScaleYears);
  t.finish();
  return b;
}

SubsystemConfig read_subsystem(TableReader& t) {
  SubsystemConfig s;
  s.name = t.string("name", std::nullopt);
  s.shape = t.number("shape", std::nullopt, kShape);
  s.scale_years = t.number("scale_years", std::nullopt, kScaleYears);
  s.n = static_cast<int>(t.integer("n", 1, closed(1, kMaxUnits)));
  s.k = static_cast<int>(t.integer("k", 1, closed(1, s.n)));
  t.finish();
  return s;
}

GpuConfig read_gpu(TableReader& t) {
  GpuConfig g;
  g.shape = t.number("shape", g.shape, kShape);
  g.scale_years = t.number("scale_years", g.scale_years, kScaleYears);
  g.acceleration = t.number("acceleration", g.acceleration, closed(0.0, 1000.0));
  t.finish();
  return g;
}

TerminalsConfig read_terminals(TableReader& t) {
  TerminalsConfig o;
  o.enabled = true;
  o.count = static_cast<int>(t.integer("count", std::nullopt, closed(1, kMaxUnits)));
  o.required = static_cast<int>(t.integer("required", o.required, closed(1, o.count)));
  o.shape = t.number("shape", o.shape, kShape);
  o.scale_years = t.number("scale_years", o.scale_years, kScaleYears);
  t.finish();
  return o;
}

ClassConfig read_class(TableReader& t) {
  ClassConfig c;
  c.name = t.string("name", std::nullopt);
  c.mass_kg = t.number("mass_kg", c.mass_kg, open_closed(0.0, 1.0e6));
  c.vulnerable_area_m2 = t.number("vulnerable_area_m2", c.vulnerable_area_m2, closed(0.0, 1.0e4));
  c.exposed_area_m2 = t.number("exposed_area_m2", c.exposed_area_m2, closed(0.0, 1.0e5));
  c.derelict_area_m2 = t.number("derelict_area_m2", c.vulnerable_area_m2, closed(0.0, 1.0e4));
  c.gpus = static_cast<int>(t.integer("gpus", c.gpus, closed(1, 4096)));  // CapacityEvent packs <= 4,096
  c.gpus_required =
      static_cast<int>(t.integer("gpus_required", std::min(c.gpus_required, c.gpus),
                                 closed(1, c.gpus)));
  c.min_gpus_operating =
      static_cast<int>(t.integer("min_gpus_operating", c.min_gpus_operating, closed(1, c.gpus)));
  c.hbm_gb_per_gpu = t.number("hbm_gb_per_gpu", c.hbm_gb_per_gpu, open_closed(0.0, 1.0e4));
  c.shielding_mm_al = t.number("shielding_mm_al", c.shielding_mm_al, closed(1.0, 16.0));
  c.value_usd = t.number("value_usd", c.value_usd, closed(0.0, 1.0e12));
  c.gpu_value_usd = t.number("gpu_value_usd", c.gpu_value_usd, closed(0.0, 1.0e9));
  c.revenue_usd_per_gpu_hour =
      t.number("revenue_usd_per_gpu_hour", c.revenue_usd_per_gpu_hour, closed(0.0, 1.0e6));
  const bool has_bus = t.has("bus");
  if (auto bus = t.table("bus")) c.bus = read_bus(*bus);
  for (auto& s : t.tables("subsystem")) c.subsystems.push_back(read_subsystem(s));
  if (has_bus && !c.subsystems.empty())
    t.fail("subsystem", "[class.bus] and [[class.subsystem]] are alternatives (subsystems "
                        "replace the satellite-level Weibull); give one");
  if (auto gpu = t.table("gpu")) c.gpu = read_gpu(*gpu);
  if (auto term = t.table("optical_terminals")) c.optical_terminals = read_terminals(*term);
  t.finish();
  return c;
}

void require_increasing(TableReader& t, const char* key, const std::vector<double>& x) {
  if (x.size() < 2) t.fail(key, "needs at least two altitudes");
  for (size_t i = 1; i < x.size(); ++i)
    if (!(x[i] > x[i - 1]))
      t.fail(key, "altitudes must be strictly increasing (entry " + std::to_string(i) + " is not)");
}

void require_length(TableReader& t, const char* key, const std::vector<double>& v, size_t n) {
  if (v.size() != n)
    t.fail(key, "has " + std::to_string(v.size()) + " values for " + std::to_string(n) + " altitudes");
}

AltitudeTable read_lifetime_table(TableReader& t, AltitudeTable fallback) {
  AltitudeTable a;
  a.altitude_km = t.numbers("altitude_km", fallback.altitude_km, closed(0.0, 1.0e5));
  require_increasing(t, "altitude_km", a.altitude_km);
  a.values = t.numbers("years", fallback.values, open_closed(0.0, 1.0e9));
  require_length(t, "years", a.values, a.altitude_km.size());
  t.finish();
  return a;
}

void read_flux_table(TableReader& t, DebrisConfig& d) {
  const bool own_altitudes = t.has("altitude_km");
  d.flux_altitude_km = t.numbers("altitude_km", d.flux_altitude_km, closed(0.0, 1.0e5));
  require_increasing(t, "altitude_km", d.flux_altitude_km);
  const Range flux = closed(0.0, 1.0e3);
  if (own_altitudes && !t.has("ge_1cm"))
    t.fail("ge_1cm", "missing required key: a flux table with its own altitudes needs ge_1cm");
  d.flux_ge_1cm = t.numbers("ge_1cm", d.flux_ge_1cm, flux);
  // Unless given, the other sizes follow MODEL.md's ratios to the >= 1 cm flux.
  std::vector<double> def3mm, def10cm;
  for (double f : d.flux_ge_1cm) def3mm.push_back(f * 50.0 / 3.0), def10cm.push_back(f / 10.0);
  d.flux_ge_3mm = t.numbers("ge_3mm", def3mm, flux);
  d.flux_ge_10cm = t.numbers("ge_10cm", def10cm, flux);
  const size_t n = d.flux_altitude_km.size();
  require_length(t, "ge_1cm", d.flux_ge_1cm, n);
  require_length(t, "ge_3mm", d.flux_ge_3mm, n);
  require_length(t, "ge_10cm", d.flux_ge_10cm, n);
  for (size_t i = 0; i < n; ++i) {
    const std::string at = " at " + std::to_string(d.flux_altitude_km[i]) + " km";
    if (d.flux_ge_3mm[i] < d.flux_ge_1cm[i])
      t.fail("ge_3mm", "is below ge_1cm" + at + " (a smaller size cannot have less cumulative flux)");
    if (d.flux_ge_1cm[i] < d.flux_ge_10cm[i])
      t.fail("ge_1cm", "is below ge_10cm" + at + " (a smaller size cannot have less cumulative flux)");
  }
  t.finish();
}

ForcedBreakupConfig read_forced(TableReader& t) {
  ForcedBreakupConfig f;
  f.shell = t.string("shell", std::nullopt);
  f.time_days = t.number("time_days", 0.0, closed(0.0, kMaxYears * 365.25));
  f.mass_kg = t.number("mass_kg", 0.0, closed(0.0, 1.0e6));
  t.finish();
  return f;
}

DebrisConfig read_debris(TableReader* t) {
  DebrisConfig d;
  if (!t) return d;
  d.enabled = t->boolean("enabled", d.enabled);
  d.flux_growth_per_year = t->number("flux_growth_per_year", d.flux_growth_per_year, closed(0.0, 1.0));
  d.impactor_mass_kg = t->number("impactor_mass_kg", d.impactor_mass_kg, closed(0.0, 1.0e5));
  d.avoidance_efficiency = t->number("avoidance_efficiency", d.avoidance_efficiency, closed(0.0, 1.0));
  d.catalog_delay_days = t->number("catalog_delay_days", d.catalog_delay_days, closed(0.0, 3650.0));
  d.conjunctions_per_sat_year =
      t->number("conjunctions_per_sat_year", d.conjunctions_per_sat_year, closed(0.0, 1.0e6));
  d.disposal_reliability = t->number("disposal_reliability", d.disposal_reliability, closed(0.0, 1.0));
  d.shell_thickness_km = t->number("shell_thickness_km", d.shell_thickness_km, closed(1.0, 1800.0));
  d.spread_km = t->number("spread_km", d.spread_km, closed(1.0, 1.0e4));
  d.fragments = t->boolean("fragments", d.fragments);
  d.second_generation = t->boolean("second_generation", d.second_generation);
  d.lethal_hits = t->boolean("lethal_hits", d.lethal_hits);
  if (auto f = t->table("flux")) read_flux_table(*f, d);
  if (auto f = t->table("fragment_lifetime")) {
    d.lifetime_factor_ge_3mm = f->number("factor_ge_3mm", d.lifetime_factor_ge_3mm, open_closed(0.0, 100.0));
    d.lifetime_factor_ge_10cm = f->number("factor_ge_10cm", d.lifetime_factor_ge_10cm, open_closed(0.0, 100.0));
    d.fragment_lifetime_years = read_lifetime_table(*f, d.fragment_lifetime_years);
  }
  if (auto f = t->table("derelict_lifetime"))
    d.derelict_lifetime_years = read_lifetime_table(*f, d.derelict_lifetime_years);
  for (auto& f : t->tables("forced_breakup")) d.forced_breakups.push_back(read_forced(f));
  t->finish();
  return d;
}

SpeConfig read_spe(TableReader& t) {
  SpeConfig e;
  e.enabled = t.boolean("enabled", e.enabled);
  e.events_per_cycle = t.number("events_per_cycle", e.events_per_cycle, closed(0.0, 1.0e4));
  e.cycle_years = t.number("cycle_years", e.cycle_years, open_closed(0.0, 100.0));
  e.cycle_max_year = t.number("cycle_max_year", e.cycle_max_year, closed(1900.0, 2300.0));
  e.modulation = t.number("modulation", e.modulation, closed(0.0, 1.0));
  e.min_pfu = t.number("min_pfu", e.min_pfu, open_closed(0.0, 1.0e9));
  e.tail_index = t.number("tail_index", e.tail_index, open_closed(0.0, 10.0));
  e.max_pfu = t.number("max_pfu", e.max_pfu, open_closed(0.0, 1.0e12));
  if (!(e.max_pfu > e.min_pfu)) t.fail("max_pfu", "must be above min_pfu (" + std::to_string(e.min_pfu) + ")");
  e.reference_pfu = t.number("reference_pfu", e.reference_pfu, open_closed(0.0, 1.0e12));
  e.dose_rad_at_reference = t.number("dose_rad_at_reference", e.dose_rad_at_reference, closed(0.0, 1.0e6));
  e.duration_median_days = t.number("duration_median_days", e.duration_median_days, open_closed(0.0, 365.0));
  e.duration_sigma_ln = t.number("duration_sigma_ln", e.duration_sigma_ln, closed(0.0, 5.0));
  e.exposure_below_80deg = t.number("exposure_below_80deg", e.exposure_below_80deg, closed(0.0, 10.0));
  e.exposure_from_80deg = t.number("exposure_from_80deg", e.exposure_from_80deg, closed(0.0, 10.0));
  t.finish();
  return e;
}

void read_dose_rate(TableReader& t, RadiationConfig& r) {
  r.dose_altitude_km = t.numbers("altitude_km", r.dose_altitude_km, closed(0.0, 1.0e5));
  require_increasing(t, "altitude_km", r.dose_altitude_km);
  r.dose_rad_per_year_below_80deg = t.numbers("below_80deg", r.dose_rad_per_year_below_80deg, closed(0.0, 1.0e9));
  r.dose_rad_per_year_from_80deg = t.numbers("from_80deg", r.dose_rad_per_year_from_80deg, closed(0.0, 1.0e9));
  require_length(t, "below_80deg", r.dose_rad_per_year_below_80deg, r.dose_altitude_km.size());
  require_length(t, "from_80deg", r.dose_rad_per_year_from_80deg, r.dose_altitude_km.size());
  t.finish();
}

void read_dose_depth(TableReader& t, RadiationConfig& r) {
  r.dose_depth.altitude_km = t.numbers("shielding_mm_al", r.dose_depth.altitude_km, open_closed(0.0, 1.0e3));
  require_increasing(t, "shielding_mm_al", r.dose_depth.altitude_km);
  r.dose_depth.values = t.numbers("factor", r.dose_depth.values, open_closed(0.0, 1.0e3));
  require_length(t, "factor", r.dose_depth.values, r.dose_depth.altitude_km.size());
  t.finish();
}

RadiationConfig read_radiation(TableReader* t) {
  RadiationConfig r;
  if (!t) return r;
  r.enabled = t->boolean("enabled", r.enabled);
  r.reference_shielding_mm_al = t->number("reference_shielding_mm_al", r.reference_shielding_mm_al, open_closed(0.0, 1.0e3));
  r.seu_per_bit_day = t->number("seu_per_bit_day", r.seu_per_bit_day, closed(0.0, 1.0));
  r.mbu_fraction = t->number("mbu_fraction", r.mbu_fraction, closed(0.0, 1.0));
  r.ecc_word_bits = static_cast<int>(t->integer("ecc_word_bits", r.ecc_word_bits, closed(2, 4096)));
  r.scrub_interval_hours = t->number("scrub_interval_hours", r.scrub_interval_hours, open_closed(0.0, 1.0e5));
  r.due_downtime_hours = t->number("due_downtime_hours", r.due_downtime_hours, closed(0.0, 1.0e4));
  r.sdc_per_gpu_day = t->number("sdc_per_gpu_day", r.sdc_per_gpu_day, closed(0.0, 1.0e6));
  r.sel_per_gpu_year = t->number("sel_per_gpu_year", r.sel_per_gpu_year, closed(0.0, 1.0e4));
  r.tid_tolerance_median_krad = t->number("tid_tolerance_median_krad", r.tid_tolerance_median_krad, open_closed(0.0, 1.0e6));
  r.tid_tolerance_sigma_ln = t->number("tid_tolerance_sigma_ln", r.tid_tolerance_sigma_ln, open_closed(0.0, 10.0));
  if (auto d = t->table("dose_rate")) read_dose_rate(*d, r);
  if (auto d = t->table("dose_depth")) read_dose_depth(*d, r);
  if (auto s = t->table("spe")) r.spe = read_spe(*s);
  t->finish();
  return r;
}

LossesConfig read_losses(TableReader* t) {
  LossesConfig l;
  if (!t) return l;
  l.enabled = t->boolean("enabled", l.enabled);
  l.depreciation_years = t->number("depreciation_years", l.depreciation_years, open_closed(0.0, 1.0e3));
  l.in_orbit_attach_days = t->number("in_orbit_attach_days", l.in_orbit_attach_days, closed(0.0, 1.0e5));
  l.business_interruption = t->boolean("business_interruption", l.business_interruption);
  l.occurrence_deductible_usd = t->number("occurrence_deductible_usd", l.occurrence_deductible_usd, closed(0.0, 1.0e15));
  l.occurrence_limit_usd = t->number_or_inf("occurrence_limit_usd", l.occurrence_limit_usd, closed(0.0, 1.0e15));
  l.aggregate_deductible_usd = t->number("aggregate_deductible_usd", l.aggregate_deductible_usd, closed(0.0, 1.0e15));
  l.aggregate_limit_usd = t->number_or_inf("aggregate_limit_usd", l.aggregate_limit_usd, closed(0.0, 1.0e15));
  l.share = t->number("share", l.share, closed(0.0, 1.0));
  t->finish();
  return l;
}

// Shell-level radiation values default from [radiation]; resolved here so the written config
// shows what each shell used.
void resolve_shell_radiation(TableReader& root, Config& cfg, std::vector<TableReader>& shells) {
  const RadiationConfig& r = cfg.radiation;
  for (size_t i = 0; i < cfg.shells.size(); ++i) {
    ShellConfig& s = cfg.shells[i];
    if (s.seu_per_bit_day < 0) s.seu_per_bit_day = r.seu_per_bit_day;
    if (s.spe_exposure < 0)
      s.spe_exposure = s.inclination_deg >= 80.0 ? r.spe.exposure_from_80deg : r.spe.exposure_below_80deg;
    if (!r.enabled) continue;
    const auto& x = r.dose_altitude_km;
    if (s.altitude_km < x.front() || s.altitude_km > x.back())
      shells[i].fail("altitude_km", "is outside the radiation dose-rate table ([radiation.dose_rate] altitude_km "
                                    "covers " + std::to_string(x.front()) + " to " + std::to_string(x.back()) + " km)");
    const double mm = cfg.classes[s.class_index].shielding_mm_al;
    const auto& depth = r.dose_depth.altitude_km;
    if (mm < depth.front() || mm > depth.back() || r.reference_shielding_mm_al < depth.front() ||
        r.reference_shielding_mm_al > depth.back())
      root.fail("radiation", "class '" + s.class_name + "' shielding " + std::to_string(mm) +
                                 " mm (or the reference shielding) is outside the dose-depth table");
  }
}

ShellConfig read_shell(TableReader& t, const std::vector<ClassConfig>& classes) {
  ShellConfig s;
  s.name = t.string("name", std::nullopt);
  s.altitude_km = t.number("altitude_km", std::nullopt, closed(200.0, 2000.0));
  s.inclination_deg = t.number("inclination_deg", std::nullopt, closed(0.0, 180.0));
  s.satellites = static_cast<int>(t.integer("satellites", std::nullopt, closed(1, 1000000)));
  s.class_name = t.string("class", std::nullopt);
  s.spare_satellites = static_cast<int>(t.integer("spare_satellites", 0, closed(0, 1000000)));
  if (t.has("seu_per_bit_day")) s.seu_per_bit_day = t.number("seu_per_bit_day", std::nullopt, closed(0.0, 1.0));
  if (t.has("spe_exposure")) s.spe_exposure = t.number("spe_exposure", std::nullopt, closed(0.0, 10.0));
  std::vector<std::string> names;
  for (const auto& c : classes) names.push_back(c.name);
  for (size_t i = 0; i < classes.size(); ++i)
    if (classes[i].name == s.class_name) s.class_index = static_cast<int>(i);
  if (classes.empty() || classes[s.class_index].name != s.class_name) {
    const std::string guess = did_you_mean(s.class_name, names);
    t.fail("class", "no [[class]] named '" + s.class_name + "'" +
                        (guess.empty() ? "" : "; did you mean '" + guess + "'?"));
  }
  t.finish();
  return s;
}

template <class T>
void require_unique_names(TableReader& root, const char* key, const std::vector<T>& items) {
  std::set<std::string> seen;
  for (const auto& it : items)
    if (!seen.insert(it.name).second)
      root.fail(key, "name '" + it.name + "' is used twice");
}

void check_totals(TableReader& root, const Config& cfg) {
  long gpus = 0;
  for (const auto& s : cfg.shells) gpus += static_cast<long>(s.satellites) * cfg.classes[s.class_index].gpus;
  if (cfg.total_satellites() > kMaxIndex || gpus > kMaxIndex)
    root.fail("shell", "the constellation is too large (satellites and total GPUs must stay "
                       "below 2^31)");
}

bool covers(const std::vector<double>& x, double at) { return at >= x.front() && at <= x.back(); }

// Every table must reach every altitude it is read at; `t` is [debris] (or the root, when
// the tables are defaults).
void check_debris_coverage(TableReader& t, Config& cfg) {
  DebrisConfig& d = cfg.debris;
  const std::string where = t.key_path("").empty() ? "debris." : "";
  for (auto& f : d.forced_breakups) {
    bool found = false;
    for (size_t i = 0; i < cfg.shells.size(); ++i)
      if (cfg.shells[i].name == f.shell) f.shell_index = static_cast<int>(i), found = true;
    if (!found) t.fail("forced_breakup", "no [[shell]] named '" + f.shell + "'");
  }
  if (!d.enabled) return;
  for (const auto& s : cfg.shells) {
    const std::string alt = std::to_string(s.altitude_km);
    if (!covers(d.flux_altitude_km, s.altitude_km))
      t.fail(where + "flux", "altitude_km does not cover shell '" + s.name + "' at " + alt + " km");
    if (!covers(d.derelict_lifetime_years.altitude_km, s.altitude_km))
      t.fail(where + "derelict_lifetime", "altitude_km does not cover shell '" + s.name + "' at " + alt + " km");
    const double centre = debris_cell_centre_km(d, debris_cell(d, s.altitude_km));
    if (!covers(d.fragment_lifetime_years.altitude_km, centre))
      t.fail(where + "fragment_lifetime", "altitude_km does not cover the centre (" + std::to_string(centre) +
                                              " km) of the cell of shell '" + s.name + "'");
  }
}

Config read_root(TableReader& root) {
  Config cfg;
  auto mission = root.table("mission");
  cfg.mission = read_mission(mission ? &*mission : nullptr);
  auto output = root.table("output");
  cfg.output = read_output(output ? &*output : nullptr, cfg.mission_days());
  for (auto& c : root.tables("class")) cfg.classes.push_back(read_class(c));
  if (cfg.classes.empty()) root.fail("class", "at least one [[class]] is required");
  require_unique_names(root, "class", cfg.classes);
  auto shell_tables = root.tables("shell");
  for (auto& s : shell_tables) cfg.shells.push_back(read_shell(s, cfg.classes));
  if (cfg.shells.empty()) root.fail("shell", "at least one [[shell]] is required");
  require_unique_names(root, "shell", cfg.shells);
  check_totals(root, cfg);
  auto debris = root.table("debris");
  cfg.debris = read_debris(debris ? &*debris : nullptr);
  if (debris) check_debris_coverage(*debris, cfg);
  else check_debris_coverage(root, cfg);
  auto radiation = root.table("radiation");
  cfg.radiation = read_radiation(radiation ? &*radiation : nullptr);
  resolve_shell_radiation(root, cfg, shell_tables);
  auto losses = root.table("losses");
  cfg.losses = read_losses(losses ? &*losses : nullptr);
  auto replenishment = root.table("replenishment");
  cfg.replenishment = read_replenishment(replenishment ? &*replenishment : nullptr);
  auto forced = root.tables("forced_loss");
  for (auto& f : forced) cfg.forced_losses.push_back(read_forced_loss(f));
  check_replenishment(root, cfg, shell_tables, forced);
  root.finish();
  return cfg;
}

void write_class(std::ostream& os, const ClassConfig& c) {
  os << "\n[[class]]\nname = " << toml_string(c.name) << "\nmass_kg = " << toml_float(c.mass_kg)
     << "\nvulnerable_area_m2 = " << toml_float(c.vulnerable_area_m2)
     << "\nexposed_area_m2 = " << toml_float(c.exposed_area_m2)
     << "\nderelict_area_m2 = " << toml_float(c.derelict_area_m2) << "\ngpus = " << c.gpus
     << "\ngpus_required = " << c.gpus_required
     << "\nmin_gpus_operating = " << c.min_gpus_operating
     << "\nhbm_gb_per_gpu = " << toml_float(c.hbm_gb_per_gpu)
     << "\nshielding_mm_al = " << toml_float(c.shielding_mm_al) << "\nvalue_usd = " << toml_float(c.value_usd)
     << "\ngpu_value_usd = " << toml_float(c.gpu_value_usd)
     << "\nrevenue_usd_per_gpu_hour = " << toml_float(c.revenue_usd_per_gpu_hour) << "\n";
  if (c.subsystems.empty())
    os << "[class.bus]\nshape = " << toml_float(c.bus.shape)
       << "\nscale_years = " << toml_float(c.bus.scale_years) << "\n";
  for (const auto& s : c.subsystems)
    os << "[[class.subsystem]]\nname = " << toml_string(s.name) << "\nshape = " << toml_float(s.shape)
       << "\nscale_years = " << toml_float(s.scale_years) << "\nk = " << s.k << "\nn = " << s.n << "\n";
  os << "[class.gpu]\nshape = " << toml_float(c.gpu.shape) << "\nscale_years = "
     << toml_float(c.gpu.scale_years) << "\nacceleration = " << toml_float(c.gpu.acceleration) << "\n";
  const TerminalsConfig& t = c.optical_terminals;
  if (t.enabled)
    os << "[class.optical_terminals]\ncount = " << t.count << "\nrequired = " << t.required
       << "\nshape = " << toml_float(t.shape) << "\nscale_years = " << toml_float(t.scale_years) << "\n";
}

void write_table(std::ostream& os, const char* key, const std::vector<double>& v) {
  os << key << " = [";
  for (size_t i = 0; i < v.size(); ++i) os << (i ? ", " : "") << toml_float(v[i]);
  os << "]\n";
}

void write_debris(std::ostream& os, const DebrisConfig& d) {
  os << "\n[debris]\nenabled = " << toml_bool(d.enabled)
     << "\nflux_growth_per_year = " << toml_float(d.flux_growth_per_year)
     << "\nimpactor_mass_kg = " << toml_float(d.impactor_mass_kg)
     << "\navoidance_efficiency = " << toml_float(d.avoidance_efficiency)
     << "\ncatalog_delay_days = " << toml_float(d.catalog_delay_days)
     << "\nconjunctions_per_sat_year = " << toml_float(d.conjunctions_per_sat_year)
     << "\ndisposal_reliability = " << toml_float(d.disposal_reliability)
     << "\nshell_thickness_km = " << toml_float(d.shell_thickness_km) << "\nspread_km = " << toml_float(d.spread_km)
     << "\nfragments = " << toml_bool(d.fragments) << "\nsecond_generation = " << toml_bool(d.second_generation)
     << "\nlethal_hits = " << toml_bool(d.lethal_hits) << "\n[debris.flux]\n";
  write_table(os, "altitude_km", d.flux_altitude_km);
  write_table(os, "ge_3mm", d.flux_ge_3mm);
  write_table(os, "ge_1cm", d.flux_ge_1cm);
  write_table(os, "ge_10cm", d.flux_ge_10cm);
  os << "[debris.fragment_lifetime]\nfactor_ge_3mm = " << toml_float(d.lifetime_factor_ge_3mm)
     << "\nfactor_ge_10cm = " << toml_float(d.lifetime_factor_ge_10cm) << "\n";
  write_table(os, "altitude_km", d.fragment_lifetime_years.altitude_km);
  write_table(os, "years", d.fragment_lifetime_years.values);
  os << "[debris.derelict_lifetime]\n";
  write_table(os, "altitude_km", d.derelict_lifetime_years.altitude_km);
  write_table(os, "years", d.derelict_lifetime_years.values);
  for (const auto& f : d.forced_breakups)
    os << "[[debris.forced_breakup]]\nshell = " << toml_string(f.shell) << "\ntime_days = " << toml_float(f.time_days)
       << "\nmass_kg = " << toml_float(f.mass_kg) << "\n";
}

void write_losses(std::ostream& os, const LossesConfig& l) {
  os << "\n[losses]\nenabled = " << toml_bool(l.enabled) << "\ndepreciation_years = " << toml_float(l.depreciation_years)
     << "\nin_orbit_attach_days = " << toml_float(l.in_orbit_attach_days)
     << "\nbusiness_interruption = " << toml_bool(l.business_interruption)
     << "\noccurrence_deductible_usd = " << toml_float(l.occurrence_deductible_usd)
     << "\noccurrence_limit_usd = " << toml_float_or_inf(l.occurrence_limit_usd)
     << "\naggregate_deductible_usd = " << toml_float(l.aggregate_deductible_usd)
     << "\naggregate_limit_usd = " << toml_float_or_inf(l.aggregate_limit_usd) << "\nshare = " << toml_float(l.share) << "\n";
}

void write_radiation(std::ostream& os, const RadiationConfig& r) {
  os << "\n[radiation]\nenabled = " << toml_bool(r.enabled)
     << "\nreference_shielding_mm_al = " << toml_float(r.reference_shielding_mm_al)
     << "\nseu_per_bit_day = " << toml_float(r.seu_per_bit_day) << "\nmbu_fraction = " << toml_float(r.mbu_fraction)
     << "\necc_word_bits = " << r.ecc_word_bits << "\nscrub_interval_hours = " << toml_float(r.scrub_interval_hours)
     << "\ndue_downtime_hours = " << toml_float(r.due_downtime_hours) << "\nsdc_per_gpu_day = " << toml_float(r.sdc_per_gpu_day)
     << "\nsel_per_gpu_year = " << toml_float(r.sel_per_gpu_year)
     << "\ntid_tolerance_median_krad = " << toml_float(r.tid_tolerance_median_krad)
     << "\ntid_tolerance_sigma_ln = " << toml_float(r.tid_tolerance_sigma_ln) << "\n[radiation.dose_rate]\n";
  write_table(os, "altitude_km", r.dose_altitude_km);
  write_table(os, "below_80deg", r.dose_rad_per_year_below_80deg);
  write_table(os, "from_80deg", r.dose_rad_per_year_from_80deg);
  os << "[radiation.dose_depth]\n";
  write_table(os, "shielding_mm_al", r.dose_depth.altitude_km);
  write_table(os, "factor", r.dose_depth.values);
  const SpeConfig& e = r.spe;
  os << "[radiation.spe]\nenabled = " << toml_bool(e.enabled) << "\nevents_per_cycle = " << toml_float(e.events_per_cycle)
     << "\ncycle_years = " << toml_float(e.cycle_years) << "\ncycle_max_year = " << toml_float(e.cycle_max_year)
     << "\nmodulation = " << toml_float(e.modulation) << "\nmin_pfu = " << toml_float(e.min_pfu)
     << "\ntail_index = " << toml_float(e.tail_index) << "\nmax_pfu = " << toml_float(e.max_pfu)
     << "\nreference_pfu = " << toml_float(e.reference_pfu) << "\ndose_rad_at_reference = " << toml_float(e.dose_rad_at_reference)
     << "\nduration_median_days = " << toml_float(e.duration_median_days)
     << "\nduration_sigma_ln = " << toml_float(e.duration_sigma_ln)
     << "\nexposure_below_80deg = " << toml_float(e.exposure_below_80deg)
     << "\nexposure_from_80deg = " << toml_float(e.exposure_from_80deg) << "\n";
}

}  // namespace

double AltitudeTable::at(double altitude_km_) const {
  const auto& x = altitude_km;
  size_t i = 1;
  while (i + 1 < x.size() && x[i] < altitude_km_) ++i;
  const double y0 = values[i - 1], y1 = values[i];
  if (y0 <= 0.0 || y1 <= 0.0) return 0.0;  // a bracket with a zero end interpolates to zero
  const double f = std::clamp((altitude_km_ - x[i - 1]) / (x[i] - x[i - 1]), 0.0, 1.0);
  return std::exp(std::log(y0) + f * (std::log(y1) - std::log(y0)));
}

DebrisConfig::DebrisConfig()
    : flux_altitude_km{200, 400, 550, 650, 800, 1000, 1200, 1500, 2000},
      flux_ge_1cm{2e-7, 5e-6, 3e-5, 5e-5, 9e-5, 6e-5, 4e-5, 3e-5, 1e-5},
      fragment_lifetime_years{{200, 300, 400, 550, 650, 800, 1000, 2000},
                              {0.01, 0.1, 0.5, 1.5, 6, 37.5, 200, 2000}},
      derelict_lifetime_years{{200, 300, 400, 550, 650, 800, 1000, 2000},
                              {0.05, 0.3, 1.5, 5, 25, 200, 1000, 10000}} {
  for (double f : flux_ge_1cm) flux_ge_3mm.push_back(f * 50.0 / 3.0), flux_ge_10cm.push_back(f / 10.0);
}

double RadiationConfig::dose_rate_at(double altitude_km, double inclination_deg) const {
  return AltitudeTable{dose_altitude_km,
                       inclination_deg >= 80.0 ? dose_rad_per_year_from_80deg : dose_rad_per_year_below_80deg}
      .at(altitude_km);
}

double RadiationConfig::shielding_factor(double mm) const {
  return dose_depth.at(mm) / dose_depth.at(reference_shielding_mm_al);
}

double DebrisConfig::flux_at(int debris_class, double altitude_km) const {
  const auto at = [&](const std::vector<double>& v) { return AltitudeTable{flux_altitude_km, v}.at(altitude_km); };
  switch (debris_class) {
    case 0: return at(flux_ge_3mm);
    case 1: return std::max(at(flux_ge_1cm) - at(flux_ge_10cm), 0.0);
    default: return at(flux_ge_10cm);
  }
}

int debris_cell_count(const DebrisConfig& d) {
  return static_cast<int>(std::ceil((kCellCeilingKm - kCellFloorKm) / d.shell_thickness_km - 1e-9));
}

int debris_cell(const DebrisConfig& d, double altitude_km) {
  const int k = static_cast<int>(std::floor((altitude_km - kCellFloorKm) / d.shell_thickness_km));
  return std::clamp(k, 0, debris_cell_count(d) - 1);
}

double debris_cell_thickness_km(const DebrisConfig& d, int cell) {
  const double lo = kCellFloorKm + cell * d.shell_thickness_km;
  return std::min(lo + d.shell_thickness_km, kCellCeilingKm) - lo;
}

double debris_cell_centre_km(const DebrisConfig& d, int cell) {
  return kCellFloorKm + cell * d.shell_thickness_km + 0.5 * debris_cell_thickness_km(d, cell);
}

double impact_speed_km_s(double inclination_deg) {
  const double f = std::clamp((inclination_deg - 53.0) / (97.0 - 53.0), 0.0, 1.0);
  return 10.0 + 3.0 * f;
}

double Config::mission_days() const { return mission.years * 365.25; }

int Config::policy_years() const {
  return std::max(1, static_cast<int>(std::ceil(mission_days() / 365.25 - 1e-9)));
}

int Config::n_bins() const {
  return static_cast<int>(std::ceil(mission_days() / output.bin_days - 1e-9));
}

long Config::total_satellites() const {
  long n = 0;
  for (const auto& s : shells) n += s.satellites;
  return n;
}

long Config::capacity_total() const {
  long n = 0;
  for (const auto& s : shells) n += static_cast<long>(s.satellites) * classes[s.class_index].gpus_required;
  return n;
}

Config parse_config(const std::string& toml_text, const std::string& source_name,
                    const std::vector<std::string>& overrides) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    throw ConfigError(source_name + ":" + std::to_string(b.line) + ":" +
                      std::to_string(b.column) + ": malformed TOML: " +
                      std::string(e.description()));
  }
  std::vector<OverrideOrigin> origins;
  for (const auto& o : overrides) apply_override(root, o, origins);
  TableReader reader(root, "", source_name, &origins);
  return read_root(reader);
}

Config load_config(const std::string& path, const std::vector<std::string>& overrides) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path + ": cannot open config file");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_config(ss.str(), path, overrides);
}

std::string to_toml(const Config& cfg) {
  std::ostringstream os;
  os << "# orbitrisk resolved configuration (defaults filled in)\n";
  os << "[mission]\nyears = " << toml_float(cfg.mission.years)
     << "\nstart_year = " << toml_float(cfg.mission.start_year) << "\n";
  os << "\n[output]\nbin_days = " << toml_float(cfg.output.bin_days) << "\ncapacity_thresholds = [";
  for (size_t i = 0; i < cfg.output.capacity_thresholds.size(); ++i)
    os << (i ? ", " : "") << toml_float(cfg.output.capacity_thresholds[i]);
  os << "]\n";
  for (const auto& c : cfg.classes) write_class(os, c);
  write_debris(os, cfg.debris);
  write_radiation(os, cfg.radiation);
  write_losses(os, cfg.losses);
  write_replenishment(os, cfg);
  for (const auto& s : cfg.shells)
    os << "\n[[shell]]\nname = " << toml_string(s.name) << "\naltitude_km = " << toml_float(s.altitude_km)
       << "\ninclination_deg = " << toml_float(s.inclination_deg) << "\nsatellites = " << s.satellites
       << "\nspare_satellites = " << s.spare_satellites
       << "\nclass = " << toml_string(s.class_name) << "\nseu_per_bit_day = " << toml_float(s.seu_per_bit_day)
       << "\nspe_exposure = " << toml_float(s.spe_exposure) << "\n";
  return os.str();
}

bool operator==(const Config& a, const Config& b) { return to_toml(a) == to_toml(b); }

}  // namespace orb
