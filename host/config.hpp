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

struct ShellConfig {
  std::string name;
  double altitude_km = 0.0;
  double inclination_deg = 0.0;
  int satellites = 0;
  std::string class_name;
  int class_index = 0;  // resolved from class_name
};

struct Config {
  MissionConfig mission;
  OutputConfig output;
  std::vector<ClassConfig> classes;
  std::vector<ShellConfig> shells;

  double mission_days() const;
  int n_bins() const;
  long total_satellites() const;
  long capacity_total() const;  // sum of K over the initial constellation
};

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
