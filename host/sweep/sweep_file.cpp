#include "host/sweep/sweep_file.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <stdexcept>

#include "host/run/durable.hpp"
#include "host/output/hdf5.hpp"
#include "host/output/output.hpp"
#include "host/output/output_helpers.hpp"

namespace orb {

namespace {

const char* kPerOutput = "per output (/outputs/units)";

void write_root(hid_t f, const SweepSpec& spec, const SweepResult& r) {
  write_provenance(f, "orbitrisk-sweep");
  h5::attr(f, "design", std::string(design_name(spec.design)));
  h5::attr(f, "model", std::string(spec.model == Model::kEngine ? "engine" : "ishigami"));
  h5::attr(f, "trials_per_point", static_cast<uint64_t>(spec.model == Model::kEngine ? spec.trials : 1));
  h5::attr(f, "seed", spec.seed);
  h5::attr(f, "common_random_numbers", static_cast<int64_t>(spec.common_random_numbers));
  h5::attr(f, "sampler", r.design.sampler);
  h5::attr(f, "samples", static_cast<int64_t>(spec.samples));
  h5::attr(f, "levels", static_cast<int64_t>(spec.levels));
  h5::attr(f, "bootstrap", static_cast<int64_t>(spec.bootstrap));
  h5::attr(f, "confidence", spec.confidence);
  h5::attr(f, "spec_path", spec.path);
  h5::attr(f, "spec_toml", spec.text);
  h5::attr(f, "base_config_path", spec.config_path);
  h5::attr(f, "base_config_toml", spec.base_toml);
  h5::attr(f, "config_hash", config_hash(spec.base_toml));
  h5::attr(f, "backend", r.backend);
  h5::attr(f, "device", r.device);
  h5::attr(f, "seconds", r.seconds);
}

void write_parameters(hid_t f, const SweepSpec& spec) {
  auto g = h5::create_group(f, "parameters");
  std::vector<std::string> keys, dists;
  std::vector<double> lo, hi, base;
  std::vector<int64_t> integer;
  for (const auto& p : spec.params) {
    keys.push_back(p.key), dists.push_back(distribution_name(p.dist));
    lo.push_back(param_value(p, 0.0)), hi.push_back(param_value(p, 1.0)), base.push_back(p.base);
    integer.push_back(p.integer);
  }
  const Dims d{keys.size()};
  h5::write_strings(g, "key", keys, {"1", "config key path of each parameter"});
  h5::write_strings(g, "distribution", dists, {"1", "distribution of each parameter"});
  h5::write(g, "low", lo, d, {"config units", "low end of each parameter's range (normal: 2.5% quantile)"});
  h5::write(g, "high", hi, d, {"config units", "high end of each parameter's range (normal: 97.5% quantile)"});
  h5::write(g, "base", base, d, {"config units", "value in the base configuration (one-at-a-time centre)"});
  h5::write(g, "integer", integer, d, {"1", "1 where the key takes integers (values rounded)"});
}

void write_design(hid_t f, const SweepResult& r) {
  auto g = h5::create_group(f, "design");
  const auto& d = r.design;
  const Dims pk{d.points, static_cast<hsize_t>(d.k)};
  h5::write(g, "values", d.values, pk, {"config units", "parameter values of each design point"}, true);
  if (!d.unit.empty())
    h5::write(g, "unit", d.unit, pk, {"1", "unit-cube coordinates of each design point (before the inverse CDFs)"}, true);
  h5::write(g, "seeds", r.seeds, {r.seeds.size()}, {"1", "random seed of each design point's trials"});
  if (d.design == Design::kMorris) {
    const Dims rk{d.points / (d.k + 1), static_cast<hsize_t>(d.k)};
    std::vector<int64_t> factor(d.morris_factor.begin(), d.morris_factor.end());
    h5::write(g, "morris_factor", factor, rk, {"1", "parameter moved at each step of each trajectory"});
    h5::write(g, "morris_delta", d.morris_delta, rk, {"1", "its move in unit coordinates"});
  }
}

void write_outputs(hid_t f, const SweepResult& r) {
  auto g = h5::create_group(f, "outputs");
  std::vector<std::string> names, units;
  for (const auto& o : r.outputs) names.push_back(o.name), units.push_back(o.units);
  const Dims pm{r.design.points, names.size()};
  h5::write_strings(g, "names", names, {"1", "outputs of interest (last axis of mean, sem and the indices)"});
  h5::write_strings(g, "units", units, {"1", "units of each output"});
  h5::write(g, "mean", r.mean, pm, {kPerOutput, "each output's estimate at each design point"}, true);
  h5::write(g, "sem", r.sem, pm, {kPerOutput, "its Monte Carlo standard error (0 for test functions)"}, true);
}

void write_oat(hid_t f, const SweepResult& r) {
  auto g = h5::create_group(f, "oat");
  const OatSummary& o = r.oat;
  const Dims km{static_cast<hsize_t>(r.design.k), r.outputs.size()};
  h5::write(g, "base_mean", std::vector<double>(r.mean.begin(), r.mean.begin() + r.outputs.size()),
            {r.outputs.size()}, {kPerOutput, "outputs at the base configuration"});
  h5::write(g, "low", o.low, km, {kPerOutput, "outputs with the parameter at its low end, others at base"});
  h5::write(g, "high", o.high, km, {kPerOutput, "outputs with the parameter at its high end, others at base"});
  h5::write(g, "swing", o.swing, km, {kPerOutput, "high - low: the tornado bar"});
  h5::write(g, "swing_sem", o.swing_sem, km, {kPerOutput, "standard error of the swing with common random numbers (paired by trial)"});
  h5::write(g, "swing_sem_independent", o.swing_sem_independent, km,
            {kPerOutput, "standard error the swing would have with independent streams"});
  h5::write(g, "variance_reduction", o.variance_reduction, km,
            {"1", "(swing_sem_independent / swing_sem)^2: the variance reduction of common random numbers "
                  "(+inf: the parameter leaves every trial unchanged)"});
  std::vector<int64_t> rank(o.swing.size());
  const size_t m = r.outputs.size();
  for (size_t j = 0; j < m; ++j) {
    std::vector<int> order(r.design.k);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return std::fabs(o.swing[a * m + j]) > std::fabs(o.swing[b * m + j]); });
    for (int pos = 0; pos < r.design.k; ++pos) rank[order[pos] * m + j] = pos + 1;
  }
  h5::write(g, "rank", rank, km, {"1", "tornado rank of each parameter by |swing| (1: widest bar)"});
}

void write_cis(hid_t g, const std::string& name, const std::vector<std::vector<WithCi>>& per_output, int k,
               const std::string& units, const std::string& what) {
  const size_t m = per_output.size();
  std::vector<double> v(k * m), ci(k * m * 2);
  for (size_t j = 0; j < m; ++j)
    for (int i = 0; i < k; ++i) {
      v[i * m + j] = per_output[j][i].value;
      ci[(i * m + j) * 2] = per_output[j][i].lo, ci[(i * m + j) * 2 + 1] = per_output[j][i].hi;
    }
  h5::write(g, name, v, {static_cast<hsize_t>(k), m}, {units, what});
  h5::write(g, name + "_ci", ci, {static_cast<hsize_t>(k), m, 2},
            {units, what + ": percentile bootstrap interval [lo, hi] at the file's confidence"});
}

void write_sobol(hid_t f, const SweepResult& r) {
  auto g = h5::create_group(f, "sobol");
  std::vector<std::vector<WithCi>> first, total;
  for (const auto& s : r.sobol) first.push_back(s.first), total.push_back(s.total);
  write_cis(g, "first", first, r.design.k, "1", "first-order Sobol' index (Saltelli 2010 estimator)");
  write_cis(g, "total", total, r.design.k, "1", "total Sobol' index (Jansen estimator)");
}

void write_morris(hid_t f, const SweepResult& r) {
  auto g = h5::create_group(f, "morris");
  const int k = r.design.k;
  const size_t m = r.outputs.size();
  std::vector<double> mu(k * m), sigma(k * m);
  std::vector<std::vector<WithCi>> mu_star;
  for (size_t j = 0; j < m; ++j) {
    mu_star.push_back(r.morris[j].mu_star_ci);
    for (int i = 0; i < k; ++i) mu[i * m + j] = r.morris[j].mu[i], sigma[i * m + j] = r.morris[j].sigma[i];
  }
  const Dims km{static_cast<hsize_t>(k), m};
  h5::write(g, "mu", mu, km, {kPerOutput, "mean elementary effect (per unit of the parameter's unit coordinate)"});
  h5::write(g, "sigma", sigma, km, {kPerOutput, "standard deviation of the elementary effects (interactions, non-linearity)"});
  write_cis(g, "mu_star", mu_star, k, kPerOutput, "mean absolute elementary effect");
}

}  // namespace

void write_sweep(const std::string& path, bool force, const SweepSpec& spec, const SweepResult& r) {
  check_new_output(path, force, 0);
  const std::string tmp = path + ".partial-" + std::to_string(getpid());
  try {
    h5::quiet_errors();
    {
      h5::Handle f = h5::create_file(tmp);
      write_root(f, spec, r);
      write_parameters(f, spec);
      write_design(f, r);
      write_outputs(f, r);
      if (spec.design == Design::kOat) write_oat(f, r);
      if (spec.design == Design::kSobol) write_sobol(f, r);
      if (spec.design == Design::kMorris) write_morris(f, r);
      h5::flush(f);
    }
    durable_rename(tmp, path);
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
}

}  // namespace orb
