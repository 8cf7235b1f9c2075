// The validated configuration: host types with units in their names. Every field has the
// MODEL.md default; docs/model.md and configs/reference/*.toml say where each comes from.
#pragma once

#include <string>
#include <vector>

namespace orb {

struct MissionConfig {
  double years = 5.0;
  double start_year = 2027.0;  // calendar start; sets the solar-cycle phase
};

struct OutputConfig {
  double bin_days = 30.4375;
  std::vector<double> capacity_thresholds{0.9, 0.75, 0.5};
};

struct BusConfig {  // satellite-level Weibull, Castet & Saleh (2009)
  double shape = 0.4521;
  double scale_years = 2607.0;
};

struct SubsystemConfig {  // replaces BusConfig when any are listed
  std::string name;
  double shape = 1.0;
  double scale_years = 0.0;
  int k = 1;  // units needed
  int n = 1;  // units installed
};

struct GpuConfig {
  double shape = 1.1;
  double scale_years = 25.0;
  double acceleration = 1.7;  // proportional-hazards factor for the space environment
};

struct TerminalsConfig {
  bool enabled = false;
  int count = 1;
  int required = 1;
  double shape = 1.0;
  double scale_years = 20.0;
};

struct ClassConfig {
  std::string name;
  double mass_kg = 2000.0;
  double vulnerable_area_m2 = 10.0;
  double exposed_area_m2 = 200.0;
  double derelict_area_m2 = 10.0;  // defaults to vulnerable_area_m2
  int gpus = 64;
  int gpus_required = 56;
  int min_gpus_operating = 1;
  double hbm_gb_per_gpu = 80.0;
  double shielding_mm_al = 4.0;
  double value_usd = 50.0e6;
  double gpu_value_usd = 30.0e3;
  double revenue_usd_per_gpu_hour = 2.0;
  BusConfig bus;
  std::vector<SubsystemConfig> subsystems;
  GpuConfig gpu;
  TerminalsConfig optical_terminals;
};

// A table by altitude, interpolated linearly in the logarithm of its values.
struct AltitudeTable {
  std::vector<double> altitude_km;
  std::vector<double> values;
  double at(double altitude_km) const;  // caller guarantees the altitude is in range
};

struct ForcedBreakupConfig {
  std::string shell;
  double time_days = 0.0;
  double mass_kg = 0.0;  // 0: the mass of the shell's class
  int shell_index = 0;
};

// MODEL.md section 3. Flux tables are cumulative (objects at or above the size), per m² per
// year; lifetimes in years.
struct DebrisConfig {
  bool enabled = true;
  double flux_growth_per_year = 0.02;
  double impactor_mass_kg = 1.0;
  double avoidance_efficiency = 0.99;
  double catalog_delay_days = 60.0;
  double conjunctions_per_sat_year = 40.0;
  double disposal_reliability = 0.95;
  double shell_thickness_km = 50.0;
  double spread_km = 100.0;
  bool fragments = true;          // breakups leave fragment clouds (the feedback)
  bool second_generation = true;  // breakups caused by fragments leave clouds too
  bool lethal_hits = true;        // lethal-class objects hit (off: for R0 checks)
  std::vector<double> flux_altitude_km;
  std::vector<double> flux_ge_3mm, flux_ge_1cm, flux_ge_10cm;
  AltitudeTable fragment_lifetime_years;  // >= 1 cm fragments
  double lifetime_factor_ge_3mm = 2.0 / 3.0;
  double lifetime_factor_ge_10cm = 8.0 / 3.0;
  AltitudeTable derelict_lifetime_years;
  std::vector<ForcedBreakupConfig> forced_breakups;

  DebrisConfig();
  // Background flux per m² per year at an altitude in the table, by DebrisClass: >= 3 mm,
  // [1, 10) cm (difference of the interpolated cumulative fluxes), >= 10 cm.
  double flux_at(int debris_class, double altitude_km) const;
};

// MODEL.md section 4. Rates behind `reference_shielding_mm_al`; doses in rad(Si).
struct SpeConfig {
  bool enabled = true;
  double events_per_cycle = 50.0;  // S1 or above
  double cycle_years = 11.0;
  double cycle_max_year = 2024.5;  // cycle 25 maximum
  double modulation = 0.8;         // a in 1 + a cos(2π(y - y_max)/P)
  double min_pfu = 10.0;           // S1 threshold, >10 MeV
  double tail_index = 0.4;         // α of the truncated Pareto peak flux
  double max_pfu = 1.0e6;
  double reference_pfu = 100.0;
  double dose_rad_at_reference = 2.0;
  double duration_median_days = 2.0;
  double duration_sigma_ln = 0.7;
  double exposure_below_80deg = 0.3;
  double exposure_from_80deg = 1.0;
};

struct RadiationConfig {
  bool enabled = true;
  double reference_shielding_mm_al = 4.0;
  double seu_per_bit_day = 1.0e-10;
  double mbu_fraction = 0.01;
  int ecc_word_bits = 72;
  double scrub_interval_hours = 24.0;
  double due_downtime_hours = 0.25;
  double sdc_per_gpu_day = 1.0e-4;
  double sel_per_gpu_year = 0.002;
  double tid_tolerance_median_krad = 10.0;
  double tid_tolerance_sigma_ln = 0.5;
  std::vector<double> dose_altitude_km{400, 550, 650, 800, 1000, 1200};
  std::vector<double> dose_rad_per_year_below_80deg{40, 100, 115, 400, 1500, 4000};
  std::vector<double> dose_rad_per_year_from_80deg{60, 130, 150, 450, 1500, 4000};
  AltitudeTable dose_depth{{1, 2, 4, 8, 16}, {2.0, 1.4, 1.0, 0.8, 0.7}};  // factor by mm Al
  SpeConfig spe;

  // Dose behind the reference shielding, rad/yr, at a shell (log-linear in altitude).
  double dose_rate_at(double altitude_km, double inclination_deg) const;
  // Dose behind `mm` of aluminium relative to the reference shielding.
  double shielding_factor(double mm) const;
};

// MODEL.md section 5: insured values come from each class (value_usd, gpu_value_usd,
// revenue_usd_per_gpu_hour); these are the policy's terms. Limits may be inf (unlimited).
struct LossesConfig {
  bool enabled = true;
  double depreciation_years = 7.0;
  double in_orbit_attach_days = 90.0;
  bool business_interruption = false;
  double occurrence_deductible_usd = 0.0;
  double occurrence_limit_usd = __builtin_huge_val();
  double aggregate_deductible_usd = 0.0;
  double aggregate_limit_usd = __builtin_huge_val();
  double share = 1.0;
};

struct ShellConfig {
  std::string name;
  int spare_satellites = 0;        // in-orbit spares launched with the shell (MODEL.md section 6)
  double altitude_km = 0.0;
  double inclination_deg = 0.0;
  int satellites = 0;
  std::string class_name;
  int class_index = 0;             // resolved from class_name
  double seu_per_bit_day = -1.0;   // < 0: [radiation] seu_per_bit_day
  double spe_exposure = -1.0;      // < 0: by inclination from [radiation.spe]
};

// MODEL.md section 6: in-orbit spares take a lost satellite's place after an activation delay;
// without one, a launch brings a replacement after the lead time, within the launch cap.
struct ReplenishmentConfig {
  bool enabled = false;
  double spare_activation_days = 7.0;
  double lead_time_days = 180.0;
  double max_launches_per_year = __builtin_huge_val();  // inf: no cap; 0: no launches
  int satellites_per_launch = 1;
  double launch_failure_probability = 0.03;
  double replacement_cost_usd = 60.0e6;  // operator cost per replacement launched, not insured
  int max_replacements = 0;  // replacements one trial can hold; 0: sized from expected losses
};

// Satellites lost at a given time (an anomaly, or a planned retirement): cause `forced`.
struct ForcedLossConfig {
  std::string shell;
  double time_days = 0.0;
  int satellites = 1;
  int shell_index = 0;
};

struct Config {
  MissionConfig mission;
  OutputConfig output;
  std::vector<ClassConfig> classes;
  std::vector<ShellConfig> shells;
  DebrisConfig debris;
  RadiationConfig radiation;
  LossesConfig losses;
  ReplenishmentConfig replenishment;
  std::vector<ForcedLossConfig> forced_losses;

  double mission_days() const;
  int policy_years() const;  // 365.25-day years from t = 0, the last possibly partial
  int n_bins() const;
  long total_satellites() const;
  long capacity_total() const;  // sum of K over the initial constellation
};

// Altitude cells of the particle-in-a-box model: [200 + k·Δh, 200 + (k+1)·Δh), the last one
// ending at 2,000 km; a shell belongs to the cell holding its altitude (lower bound inclusive).
constexpr double kCellFloorKm = 200.0;
constexpr double kCellCeilingKm = 2000.0;
int debris_cell_count(const DebrisConfig& d);
int debris_cell(const DebrisConfig& d, double altitude_km);
double debris_cell_centre_km(const DebrisConfig& d, int cell);
double debris_cell_thickness_km(const DebrisConfig& d, int cell);
// Impact speed by inclination: 10 km/s at <= 53°, 13 km/s at >= 97°, linear between.
double impact_speed_km_s(double inclination_deg);

// Reads, overrides (--set path=value, applied in order) and validates. Throws ConfigError
// naming file:line:column, the key path and the allowed range.
Config load_config(const std::string& path, const std::vector<std::string>& overrides = {});
Config parse_config(const std::string& toml_text, const std::string& source_name,
                    const std::vector<std::string>& overrides = {});

// The resolved configuration, defaults included, as TOML that parse_config reads back to an
// equal Config. Stored in every result file.
std::string to_toml(const Config& cfg);

bool operator==(const Config& a, const Config& b);

}  // namespace orb
