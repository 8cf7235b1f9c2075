#include "host/sweep/sweep_spec.hpp"

#include <toml++/toml.h>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "kernels/normal.hpp"
#include "host/config/config.hpp"
#include "host/config/config_error.hpp"
#include "host/config/config_text.hpp"
#include "host/sweep/sweep_outputs.hpp"
#include "host/text.hpp"
#include "host/config/toml_reader.hpp"

namespace orb {

namespace {

std::string resolve_relative(const std::string& spec_path, const std::string& p) {
  if (p.empty() || p[0] == '/') return p;
  const auto slash = spec_path.find_last_of('/');
  return slash == std::string::npos ? p : spec_path.substr(0, slash + 1) + p;
}

template <class E>
E choose(TableReader& r, std::string_view key, const std::vector<std::pair<std::string, E>>& names, E fallback) {
  if (!r.has(key)) {
    (void)r.boolean(key, false);  // mark as known
    return fallback;
  }
  const std::string v = r.string(key, std::nullopt);
  std::vector<std::string> all;
  for (const auto& [n, e] : names) {
    if (n == v) return e;
    all.push_back(n);
  }
  const std::string list = join(all, ", ");
  const std::string guess = did_you_mean(v, all);
  r.fail(key, "'" + v + "' is not one of " + list + (guess.empty() ? "" : "; did you mean '" + guess + "'?"));
}

// Every numeric key path of a resolved configuration, for "did you mean".
void numeric_paths(const toml::node& n, const std::string& prefix, std::vector<std::string>& out) {
  if (n.is_number()) out.push_back(prefix);
  if (const auto* t = n.as_table())
    for (auto&& [k, v] : *t) numeric_paths(v, prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str()), out);
  if (const auto* a = n.as_array())
    for (size_t i = 0; i < a->size(); ++i) numeric_paths(*a->get(i), prefix + "[" + std::to_string(i) + "]", out);
}

void read_distribution(TableReader& r, SweepParam& p) {
  p.dist = choose<Distribution>(r, "distribution",
                                {{"uniform", Distribution::kUniform}, {"loguniform", Distribution::kLogUniform},
                                 {"normal", Distribution::kNormal}, {"triangular", Distribution::kTriangular}},
                                Distribution::kUniform);
  const Range any = closed(-1e300, 1e300);
  if (p.dist == Distribution::kNormal) {
    p.mean = r.number("mean", std::nullopt, any);
    p.std = r.number("std", std::nullopt, open_closed(0.0, 1e300));
    return;
  }
  p.low = r.number("low", std::nullopt, any);
  p.high = r.number("high", std::nullopt, any);
  if (p.high == p.low) r.fail("high", "empty range: low and high are both " + toml_number(p.low, false));
  if (p.high < p.low) r.fail("high", "must be greater than low (" + toml_number(p.low, false) + "), got " + toml_number(p.high, false));
  if (p.dist == Distribution::kLogUniform && p.low <= 0.0) r.fail("low", "must be > 0 for a log-uniform distribution");
  if (p.dist == Distribution::kTriangular) {
    p.mode = r.number("mode", std::nullopt, closed(p.low, p.high));
  }
}

// The key must name a number of the base configuration, and both ends of its range must be
// values the configuration accepts.
void check_against_base(TableReader& r, SweepParam& p, const SweepSpec& spec, const toml::table& base) {
  const toml::node* n = find_path(base, p.key, r.location("key") + ": key '" + r.key_path("key") + "'");
  if (!n || !n->is_number()) {
    std::vector<std::string> all;
    numeric_paths(base, "", all);
    const std::string guess = did_you_mean(p.key, all);
    r.fail("key", "'" + p.key + "' is not a numeric key of the base configuration " + spec.config_path +
                      (guess.empty() ? "" : "; did you mean '" + guess + "'?"));
  }
  p.integer = n->is_integer();
  p.base = n->value<double>().value();
  for (double u : {0.0, 1.0}) {
    const std::string assignment = p.key + "=" + toml_number(param_value(p, u), p.integer);
    try {
      parse_config(spec.base_toml, spec.config_path, {assignment});
    } catch (const ConfigError& e) {
      r.fail("key", "the range reaches " + assignment + ", which the configuration rejects: " + e.what());
    }
  }
}

void check_ishigami_param(TableReader& r, const SweepParam& p) {
  if (p.key != "x1" && p.key != "x2" && p.key != "x3")
    r.fail("key", "the ishigami model has parameters x1, x2 and x3, got '" + p.key + "'");
}

void read_design(TableReader& s, SweepSpec& spec) {
  spec.design = choose<Design>(s, "design",
                               {{"oat", Design::kOat}, {"grid", Design::kGrid}, {"morris", Design::kMorris},
                                {"sobol", Design::kSobol}},
                               Design::kOat);
  spec.trials = static_cast<uint64_t>(s.integer("trials", 1000, closed(2, 1e9)));
  spec.seed = static_cast<uint64_t>(s.integer("seed", 1, closed(0, 9.2e18)));
  spec.common_random_numbers = s.boolean("common_random_numbers", true);
  spec.samples = static_cast<int>(s.integer("samples", 64, closed(4, 1 << 22)));
  spec.levels = static_cast<int>(s.integer("levels", 4, closed(2, 1000)));
  spec.bootstrap = static_cast<int>(s.integer("bootstrap", 1000, closed(10, 1e6)));
  spec.confidence = s.number("confidence", 0.95, closed(0.5, 0.999));
  spec.ishigami_a = s.number("ishigami_a", 7.0, closed(-1e6, 1e6));
  spec.ishigami_b = s.number("ishigami_b", 0.1, closed(-1e6, 1e6));
}

}  // namespace

const char* design_name(Design d) {
  switch (d) {
    case Design::kOat: return "oat";
    case Design::kGrid: return "grid";
    case Design::kMorris: return "morris";
    default: return "sobol";
  }
}

const char* distribution_name(Distribution d) {
  switch (d) {
    case Distribution::kUniform: return "uniform";
    case Distribution::kLogUniform: return "loguniform";
    case Distribution::kNormal: return "normal";
    default: return "triangular";
  }
}

double param_value(const SweepParam& p, double u, bool exact) {
  u = std::min(1.0, std::max(0.0, u));
  switch (p.dist) {
    case Distribution::kUniform: return p.low + u * (p.high - p.low);
    case Distribution::kLogUniform: return std::exp(std::log(p.low) + u * (std::log(p.high) - std::log(p.low)));
    case Distribution::kNormal: {
      const double q = exact ? std::min(1.0 - 1e-15, std::max(1e-15, u)) : 0.025 + 0.95 * u;
      return p.mean + p.std * normal_quantile(q);
    }
    default: {
      const double c = (p.mode - p.low) / (p.high - p.low);
      return u < c ? p.low + std::sqrt(u * (p.high - p.low) * (p.mode - p.low))
                   : p.high - std::sqrt((1.0 - u) * (p.high - p.low) * (p.high - p.mode));
    }
  }
}

std::string toml_number(double v, bool integer) {
  return integer ? std::to_string(std::llround(v)) : toml_float(v);
}

SweepSpec parse_sweep_spec(const std::string& text, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw ConfigError(path + ":" + std::to_string(e.source().begin.line) + ":" + std::to_string(e.source().begin.column) +
                      ": malformed TOML: " + std::string(e.description()));
  }
  SweepSpec spec;
  spec.path = path, spec.text = text;
  TableReader top(root, "", path, nullptr);
  auto sweep = top.table("sweep");
  if (!sweep) top.fail("sweep", "missing required table [sweep]");
  spec.model = choose<Model>(*sweep, "model", {{"engine", Model::kEngine}, {"ishigami", Model::kIshigami}}, Model::kEngine);
  read_design(*sweep, spec);
  toml::table base;
  if (spec.model == Model::kEngine) {
    spec.config_path = resolve_relative(path, sweep->string("config", std::nullopt));
    try {
      spec.base_toml = to_toml(load_config(spec.config_path));
    } catch (const ConfigError& e) {
      sweep->fail("config", e.what());
    }
    base = toml::parse(spec.base_toml, spec.config_path);
  }
  spec.outputs = sweep->strings("outputs", spec.model == Model::kIshigami ? std::vector<std::string>{"y"}
                                                                          : std::vector<std::string>{"mission_average_capacity"});
  if (spec.outputs.empty()) sweep->fail("outputs", "give at least one output");
  for (const auto& o : spec.outputs) {
    try {
      parse_output(o, spec.model);
    } catch (const std::invalid_argument& e) {
      sweep->fail("outputs", e.what());
    }
  }
  sweep->finish();
  std::set<std::string> seen;
  for (auto& r : top.tables("parameter")) {
    SweepParam p;
    p.key = r.string("key", std::nullopt);
    if (!seen.insert(p.key).second) r.fail("key", "'" + p.key + "' is swept twice");
    read_distribution(r, p);
    if (spec.model == Model::kEngine) check_against_base(r, p, spec, base);
    else check_ishigami_param(r, p), p.base = param_value(p, 0.5);
    r.finish();
    spec.params.push_back(p);
  }
  if (spec.params.empty()) top.fail("parameter", "give at least one [[parameter]]");
  top.finish();
  const double points = spec.design == Design::kGrid ? std::pow(double(spec.levels), double(spec.params.size())) : 0.0;
  if (points > 1e6) sweep->fail("levels", "a full grid of " + std::to_string(spec.levels) + "^" +
                                              std::to_string(spec.params.size()) + " points is too large (limit 1e6)");
  return spec;
}

SweepSpec load_sweep_spec(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path + ": cannot open sweep spec");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_sweep_spec(ss.str(), path);
}

}  // namespace orb
