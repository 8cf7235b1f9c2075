#include "config.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "toml_reader.hpp"

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
  c.gpus = static_cast<int>(t.integer("gpus", c.gpus, closed(1, 4096)));
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

ShellConfig read_shell(TableReader& t, const std::vector<ClassConfig>& classes) {
  ShellConfig s;
  s.name = t.string("name", std::nullopt);
  s.altitude_km = t.number("altitude_km", std::nullopt, closed(200.0, 2000.0));
  s.inclination_deg = t.number("inclination_deg", std::nullopt, closed(0.0, 180.0));
  s.satellites = static_cast<int>(t.integer("satellites", std::nullopt, closed(1, 1000000)));
  s.class_name = t.string("class", std::nullopt);
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
  if (cfg.total_satellites() > kMaxIndex || cfg.capacity_total() > kMaxIndex)
    root.fail("shell", "the constellation is too large (satellites and total GPUs must stay "
                       "below 2^31)");
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
  for (auto& s : root.tables("shell")) cfg.shells.push_back(read_shell(s, cfg.classes));
  if (cfg.shells.empty()) root.fail("shell", "at least one [[shell]] is required");
  require_unique_names(root, "shell", cfg.shells);
  check_totals(root, cfg);
  root.finish();
  return cfg;
}

std::string fmt(double v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, res.ptr);
  // keep floats floats in TOML so a reader sees the intended type
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

void write_class(std::ostream& os, const ClassConfig& c) {
  os << "\n[[class]]\nname = " << quote(c.name) << "\nmass_kg = " << fmt(c.mass_kg)
     << "\nvulnerable_area_m2 = " << fmt(c.vulnerable_area_m2)
     << "\nexposed_area_m2 = " << fmt(c.exposed_area_m2) << "\ngpus = " << c.gpus
     << "\ngpus_required = " << c.gpus_required
     << "\nmin_gpus_operating = " << c.min_gpus_operating
     << "\nhbm_gb_per_gpu = " << fmt(c.hbm_gb_per_gpu)
     << "\nshielding_mm_al = " << fmt(c.shielding_mm_al) << "\nvalue_usd = " << fmt(c.value_usd)
     << "\ngpu_value_usd = " << fmt(c.gpu_value_usd)
     << "\nrevenue_usd_per_gpu_hour = " << fmt(c.revenue_usd_per_gpu_hour) << "\n";
  if (c.subsystems.empty())
    os << "[class.bus]\nshape = " << fmt(c.bus.shape)
       << "\nscale_years = " << fmt(c.bus.scale_years) << "\n";
  for (const auto& s : c.subsystems)
    os << "[[class.subsystem]]\nname = " << quote(s.name) << "\nshape = " << fmt(s.shape)
       << "\nscale_years = " << fmt(s.scale_years) << "\nk = " << s.k << "\nn = " << s.n << "\n";
  os << "[class.gpu]\nshape = " << fmt(c.gpu.shape) << "\nscale_years = "
     << fmt(c.gpu.scale_years) << "\nacceleration = " << fmt(c.gpu.acceleration) << "\n";
  const TerminalsConfig& t = c.optical_terminals;
  if (t.enabled)
    os << "[class.optical_terminals]\ncount = " << t.count << "\nrequired = " << t.required
       << "\nshape = " << fmt(t.shape) << "\nscale_years = " << fmt(t.scale_years) << "\n";
}

}  // namespace

double Config::mission_days() const { return mission.years * 365.25; }

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
  os << "[mission]\nyears = " << fmt(cfg.mission.years)
     << "\nstart_year = " << fmt(cfg.mission.start_year) << "\n";
  os << "\n[output]\nbin_days = " << fmt(cfg.output.bin_days) << "\ncapacity_thresholds = [";
  for (size_t i = 0; i < cfg.output.capacity_thresholds.size(); ++i)
    os << (i ? ", " : "") << fmt(cfg.output.capacity_thresholds[i]);
  os << "]\n";
  for (const auto& c : cfg.classes) write_class(os, c);
  for (const auto& s : cfg.shells)
    os << "\n[[shell]]\nname = " << quote(s.name) << "\naltitude_km = " << fmt(s.altitude_km)
       << "\ninclination_deg = " << fmt(s.inclination_deg) << "\nsatellites = " << s.satellites
       << "\nclass = " << quote(s.class_name) << "\n";
  return os.str();
}

bool operator==(const Config& a, const Config& b) { return to_toml(a) == to_toml(b); }

}  // namespace orb
