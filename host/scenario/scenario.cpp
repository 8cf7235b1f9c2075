#include "host/scenario/scenario.hpp"

#include <algorithm>
#include <cmath>

#include "kernels/debris.hpp"
#include "kernels/workspace.hpp"
#include "host/scenario/replenishment_analytic.hpp"

namespace orb {

namespace {

ClassParams compile_class(const ClassConfig& c, std::vector<SubsystemParams>& subsystems) {
  ClassParams p{};
  p.gpus = c.gpus;
  p.gpus_required = c.gpus_required;
  p.min_gpus_operating = c.min_gpus_operating;
  p.bus_shape = c.bus.shape;
  p.bus_scale_days = c.bus.scale_years * kDaysPerYear;
  p.subsystem_begin = static_cast<int32_t>(subsystems.size());
  p.subsystem_count = static_cast<int32_t>(c.subsystems.size());
  for (const auto& s : c.subsystems)
    subsystems.push_back(SubsystemParams{s.shape, s.scale_years * kDaysPerYear, s.k, s.n});
  p.gpu_shape = c.gpu.shape;
  p.gpu_scale_days = c.gpu.scale_years * kDaysPerYear;
  p.gpu_acceleration = c.gpu.acceleration;
  p.terminals_count = c.optical_terminals.enabled ? c.optical_terminals.count : 0;
  p.terminals_required = c.optical_terminals.required;
  p.terminal_shape = c.optical_terminals.shape;
  p.terminal_scale_days = c.optical_terminals.scale_years * kDaysPerYear;
  return p;
}

// Capacity drops one satellite can cause: one per GPU lost between K and min_gpus_operating,
// one for its loss, one for a disconnection.
long max_events_per_satellite(const ClassParams& c) {
  return std::max(c.gpus_required - c.min_gpus_operating, 0) + 2;
}

constexpr double kEarthRadiusKm = 6371.0;

// Replacements one trial can launch (docs/model.md): the configured number, or else twice the
// expected number (attrition renewal, replenishment_analytic.hpp) plus ten standard deviations
// of a Poisson count plus 64; never more than the launch cap allows. A trial needing more stops the run with an error naming the key.
int32_t replacement_capacity(const Config& cfg) {
  const ReplenishmentConfig& r = cfg.replenishment;
  if (!r.enabled) return 0;
  if (r.max_replacements > 0) return r.max_replacements;
  const double T = cfg.mission_days();
  double expected = 0.0;
  for (double m : replenishment_need(cfg).mission_replacements) expected += m;
  double bound = 2.0 * expected + 10.0 * std::sqrt(expected) + 64.0;
  const double years = std::ceil(T / kDaysPerYear - 1e-9);
  if (std::isfinite(r.max_launches_per_year))
    bound = std::min(bound, r.max_launches_per_year * years * r.satellites_per_launch);
  return static_cast<int32_t>(std::clamp(std::ceil(bound), 0.0, 16.0e6));
}

DebrisGlobals compile_debris_globals(const DebrisConfig& d, int n_cells, int n_forced) {
  DebrisGlobals g{};
  g.enabled = d.enabled;
  g.fragments = d.fragments;
  g.second_generation = d.second_generation;
  g.lethal_hits = d.lethal_hits;
  g.n_cells = n_cells;
  g.n_forced = n_forced;
  g.growth_per_day = std::log1p(d.flux_growth_per_year) / kDaysPerYear;
  g.avoidance = d.avoidance_efficiency;
  g.catalog_delay_days = d.catalog_delay_days;
  g.conjunctions_per_sat_day = d.conjunctions_per_sat_year / kDaysPerYear;
  g.disposal_reliability = d.disposal_reliability;
  return g;
}

ShellDebris compile_shell_debris(const Config& cfg, const ShellConfig& s) {
  const DebrisConfig& d = cfg.debris;
  const ClassConfig& c = cfg.classes[s.class_index];
  ShellDebris out{};
  for (int k = 0; k < kDebrisClassCount; ++k)
    out.background_per_day[k] = d.enabled ? d.flux_at(k, s.altitude_km) / kDaysPerYear : 0.0;
  out.flux_per_fragment = flux_per_fragment_per_day(d, debris_cell(d, s.altitude_km), impact_speed_km_s(s.inclination_deg));
  out.area_m2[kDamaging] = c.exposed_area_m2;
  out.area_m2[kLethal] = c.vulnerable_area_m2;
  out.area_m2[kCatastrophic] = c.vulnerable_area_m2;
  out.derelict_area_m2 = c.derelict_area_m2;
  out.derelict_lifetime_days = d.derelict_lifetime_years.at(s.altitude_km) * kDaysPerYear;
  breakup_fragments(c.mass_kg + d.impactor_mass_kg, out.breakup_fragments);
  return out;
}

RadiationGlobals compile_radiation_globals(const Config& cfg) {
  const RadiationConfig& r = cfg.radiation;
  const SpeConfig& e = r.spe;
  RadiationGlobals g{};
  g.enabled = r.enabled;
  g.spe_enabled = r.enabled && e.enabled;
  g.mbu_fraction = r.mbu_fraction;
  g.word_bits = r.ecc_word_bits;
  g.scrub_days = r.scrub_interval_hours / 24.0;
  g.due_downtime_days = r.due_downtime_hours / 24.0;
  g.sdc_per_gpu_day = r.sdc_per_gpu_day;
  g.spe_base_per_day = e.events_per_cycle / e.cycle_years / kDaysPerYear;
  g.spe_cycle_days = e.cycle_years * kDaysPerYear;
  g.spe_t_max_days = (e.cycle_max_year - cfg.mission.start_year) * kDaysPerYear;
  g.spe_modulation = e.modulation;
  g.spe_min_pfu = e.min_pfu;
  g.spe_tail_index = e.tail_index;
  g.spe_max_pfu = e.max_pfu;
  g.spe_reference_pfu = e.reference_pfu;
  g.spe_dose_ref_rad = e.dose_rad_at_reference;
  g.spe_duration_median_days = e.duration_median_days;
  g.spe_duration_sigma_ln = e.duration_sigma_ln;
  // Room for the events of a trial: the mean at the cycle's peak rate plus 10 standard
  // deviations and 20; a trial needing more is reported as an error (probability < 1e-20).
  const double peak_mean = g.spe_base_per_day * (1.0 + g.spe_modulation) * cfg.mission_days();
  g.max_spe = g.spe_enabled ? static_cast<int32_t>(std::ceil(peak_mean + 10.0 * std::sqrt(peak_mean) + 20.0)) : 0;
  return g;
}

ShellRadiation compile_shell_radiation(const Config& cfg, const ShellConfig& s) {
  const RadiationConfig& r = cfg.radiation;
  const ClassConfig& c = cfg.classes[s.class_index];
  ShellRadiation out{};
  if (!r.enabled) return out;
  const double shield = r.shielding_factor(c.shielding_mm_al);
  out.seu_per_bit_day = s.seu_per_bit_day;
  out.exposure = r.spe.enabled ? s.spe_exposure : 0.0;
  out.dose_rate_per_day = r.dose_rate_at(s.altitude_km, s.inclination_deg) * shield / kDaysPerYear;
  out.event_dose_factor = out.exposure * shield;
  out.hbm_bits = c.hbm_gb_per_gpu * 8.0e9;
  out.sel_per_gpu_day = r.sel_per_gpu_year / kDaysPerYear;
  out.tol_ln_median_rad = std::log(r.tid_tolerance_median_krad * 1000.0);
  out.tol_sigma_ln = r.tid_tolerance_sigma_ln;
  return out;
}

LossGlobals compile_loss_globals(const Config& cfg) {
  const LossesConfig& l = cfg.losses;
  LossGlobals g{};
  g.enabled = l.enabled;
  g.business_interruption = l.business_interruption;
  g.n_years = cfg.policy_years();
  g.depreciation_days = l.depreciation_years * kDaysPerYear;
  g.attach_days = l.in_orbit_attach_days;
  g.occurrence_deductible = l.occurrence_deductible_usd;
  g.occurrence_limit = l.occurrence_limit_usd;
  g.aggregate_deductible = l.aggregate_deductible_usd;
  g.aggregate_limit = l.aggregate_limit_usd;
  g.share = l.share;
  return g;
}

// Cells that hold shells, their lifetimes and the spread between them: fragments landing
// elsewhere never reach a target, so only these cells are tracked in a trial.
void compile_cells(const Config& cfg, ScenarioData& sd) {
  const DebrisConfig& d = cfg.debris;
  for (size_t i = 0; i < cfg.shells.size(); ++i) {
    const int cell = debris_cell(d, cfg.shells[i].altitude_km);
    auto it = std::find(sd.used_cells.begin(), sd.used_cells.end(), cell);
    if (it == sd.used_cells.end()) it = sd.used_cells.insert(sd.used_cells.end(), cell);
    sd.shells[i].cell = static_cast<int32_t>(it - sd.used_cells.begin());
  }
  for (int cell : sd.used_cells) {
    for (int k = 0; k < kDebrisClassCount; ++k) sd.cell_tau_days.push_back(fragment_lifetime_days(d, cell, k));
    const auto w = spread_from(d, cell);
    for (int to : sd.used_cells) sd.spread.push_back(w[to]);
  }
}

}  // namespace

std::vector<double> spread_from(const DebrisConfig& d, int from_cell) {
  const int n = debris_cell_count(d);
  std::vector<double> w(n);
  double total = 0.0;
  for (int k = 0; k < n; ++k)
    total += w[k] = std::exp(-std::fabs(debris_cell_centre_km(d, from_cell) - debris_cell_centre_km(d, k)) / d.spread_km);
  for (double& x : w) x /= total;
  return w;
}

double flux_per_fragment_per_day(const DebrisConfig& d, int cell, double speed_km_s) {
  const double r = kEarthRadiusKm + debris_cell_centre_km(d, cell);
  const double volume_km3 = 4.0 * M_PI * r * r * debris_cell_thickness_km(d, cell);
  // fragments/km³ × km/s = per km² per s; × 86,400 s/day × 1e-6 km²/m²
  return speed_km_s / volume_km3 * 86400.0 * 1.0e-6;
}

double fragment_lifetime_days(const DebrisConfig& d, int cell, int debris_class) {
  const double factor = debris_class == kDamaging ? d.lifetime_factor_ge_3mm
                        : debris_class == kCatastrophic ? d.lifetime_factor_ge_10cm : 1.0;
  return factor * d.fragment_lifetime_years.at(debris_cell_centre_km(d, cell)) * kDaysPerYear;
}

ReplenishmentGlobals compile_replenishment(const Config& cfg) {
  const ReplenishmentConfig& r = cfg.replenishment;
  ReplenishmentGlobals g{};
  g.enabled = r.enabled;
  g.satellites_per_launch = r.satellites_per_launch;
  g.max_replacements = replacement_capacity(cfg);
  g.n_years = std::max(1, static_cast<int>(std::ceil(cfg.mission_days() / kDaysPerYear - 1e-9)));
  g.activation_days = r.spare_activation_days;
  g.lead_days = r.lead_time_days;
  g.max_launches_per_year = r.max_launches_per_year;
  g.failure_probability = r.launch_failure_probability;
  g.cost_usd = r.replacement_cost_usd;
  return g;
}

ScenarioData build_scenario(const Config& cfg, uint64_t seed) {
  ScenarioData d;
  for (const auto& c : cfg.classes) d.classes.push_back(compile_class(c, d.subsystems));
  const ReplenishmentGlobals rep = compile_replenishment(cfg);
  int32_t slot = 0, entry = 0, max_gpus = 1, entity = 0, positions = 0;
  long max_events = 0, per_joiner = 1, spares = 0;
  const int32_t first_spare = static_cast<int32_t>(cfg.total_satellites());
  for (const auto& s : cfg.shells) {
    const int gpus = d.classes[s.class_index].gpus;
    // a shell's block: its satellites, its spares, room for replacements (empty slots are reused)
    const int32_t room = rep.enabled ? std::min<int32_t>(rep.max_replacements, s.satellites + s.spare_satellites) : 0;
    const int32_t block = s.satellites + s.spare_satellites + room;
    d.shells.push_back(ShellParams{s.satellites, s.class_index, slot, 0, entry, s.spare_satellites, block, entity,
                                   static_cast<int32_t>(first_spare + spares), positions});
    d.shell_debris.push_back(compile_shell_debris(cfg, s));
    d.shell_radiation.push_back(compile_shell_radiation(cfg, s));
    const ClassConfig& cls = cfg.classes[s.class_index];
    d.shell_loss.push_back(ShellLoss{cls.value_usd, cls.gpu_value_usd, cls.revenue_usd_per_gpu_hour * 24.0});
    slot += block;
    entry += block * gpus;
    entity += s.satellites;
    spares += s.spare_satellites;
    positions += s.satellites;
    max_gpus = std::max(max_gpus, gpus);
    const long per = max_events_per_satellite(d.classes[s.class_index]);
    // every spare or replacement that takes a position adds its arrival to its drops
    max_events += s.satellites * per + s.spare_satellites * (per + 1);
    per_joiner = std::max(per_joiner, per + 1);
  }
  max_events += static_cast<long>(rep.max_replacements) * per_joiner;
  for (const auto& f : cfg.forced_losses) d.forced_losses.push_back(ForcedLoss{f.time_days, f.shell_index, f.satellites});
  std::stable_sort(d.forced_losses.begin(), d.forced_losses.end(),
                   [](const ForcedLoss& a, const ForcedLoss& b) { return a.time_days < b.time_days; });
  compile_cells(cfg, d);
  for (const auto& f : cfg.debris.forced_breakups) {
    const ShellConfig& s = cfg.shells[f.shell_index];
    ForcedBreakup fb{};
    fb.time_days = f.time_days;
    fb.cell = d.shells[f.shell_index].cell;
    const double mass = f.mass_kg > 0 ? f.mass_kg : cfg.classes[s.class_index].mass_kg;
    breakup_fragments(mass + cfg.debris.impactor_mass_kg, fb.fragments);
    d.forced.push_back(fb);
  }
  std::stable_sort(d.forced.begin(), d.forced.end(),
                   [](const ForcedBreakup& a, const ForcedBreakup& b) { return a.time_days < b.time_days; });
  const long capacity = cfg.capacity_total();
  for (double th : cfg.output.capacity_thresholds)
    d.threshold_levels.push_back(th * static_cast<double>(capacity));

  ScenarioView& v = d.dims;
  v.n_shells = static_cast<int32_t>(d.shells.size());
  v.n_classes = static_cast<int32_t>(d.classes.size());
  v.n_subsystems = static_cast<int32_t>(d.subsystems.size());
  v.n_thresholds = static_cast<int32_t>(d.threshold_levels.size());
  v.n_slots = slot;
  v.n_bins = cfg.n_bins();
  v.max_events = static_cast<int32_t>(std::min<long>(max_events, 0x7fffffff));
  v.capacity_total = static_cast<int32_t>(capacity);
  // every satellite that ever flies can break up once: originals, spares, replacements
  v.max_clouds = static_cast<int32_t>(cfg.total_satellites() + spares + rep.max_replacements + d.forced.size());
  v.timeline_entries = entry;
  v.max_gpus = max_gpus;
  v.radiation = compile_radiation_globals(cfg);
  v.losses = compile_loss_globals(cfg);
  v.replenish = rep;
  v.n_forced_losses = static_cast<int32_t>(d.forced_losses.size());
  v.n_positions = positions;
  v.defer_rebuilds = 1;
  for (size_t s = 0; s < d.shells.size(); ++s)
    for (int32_t at = 0; at < d.shells[s].slots; at += kReplayChunkSlots)
      d.replay_chunks.push_back(ReplayChunk{d.shells[s].first_slot + at, std::min(kReplayChunkSlots, d.shells[s].slots - at),
                                            static_cast<int32_t>(s)});
  v.n_replay_chunks = static_cast<int32_t>(d.replay_chunks.size());
  v.has_terminals = std::any_of(d.classes.begin(), d.classes.end(), [](const ClassParams& c) { return c.terminals_count > 0; });
  v.debris = compile_debris_globals(cfg.debris, static_cast<int>(d.used_cells.size()), static_cast<int>(d.forced.size()));
  v.mission_days = cfg.mission_days();
  v.bin_days = cfg.output.bin_days;
  v.seed = seed;
  d.layout = make_record_layout(v.n_bins, v.n_shells, v.n_thresholds, cfg.policy_years());
  // the worst case: every satellite leaves during the loop, or each slot's survivor joined late
  d.rooms = room_tiers(cfg, d, Room{v.max_events, static_cast<int32_t>(per_joiner), v.max_clouds});
  v.max_events = d.rooms[0].max_events;
  v.events_per_slot = d.rooms[0].events_per_slot;
  v.max_clouds = d.rooms[0].max_clouds;
  v.last_room_tier = static_cast<int32_t>(d.rooms.size()) - 1;
  return d;
}

ScenarioView ScenarioData::dims_at(int tier) const {
  ScenarioView v = dims;
  if (rooms.empty()) return v;
  tier = std::clamp(tier, 0, static_cast<int>(rooms.size()) - 1);
  v.max_events = rooms[tier].max_events;
  v.events_per_slot = rooms[tier].events_per_slot;
  v.max_clouds = rooms[tier].max_clouds;
  v.room_tier = tier;
  v.last_room_tier = static_cast<int32_t>(rooms.size()) - 1;
  return v;
}

ScenarioView ScenarioData::view(int tier) const {
  ScenarioView v = dims_at(tier);
#define ORB_SCENARIO_VIEW(type, name, comment) v.name = name.data();
  ORB_SCENARIO_TABLES(ORB_SCENARIO_VIEW)
#undef ORB_SCENARIO_VIEW
  return v;
}

size_t ScenarioData::workspace_bytes(int tier) const { return workspace_layout(dims_at(tier), layout).bytes; }

std::vector<double> ScenarioData::bin_edges() const {
  std::vector<double> e;
  for (int b = 0; b <= dims.n_bins; ++b) e.push_back(bin_edge(dims, b));
  return e;
}

}  // namespace orb
