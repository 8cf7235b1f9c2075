#include "host/sweep/sweep_run.hpp"

#include <chrono>
#include <algorithm>
#include <cmath>
#include <tuple>

#include "kernels/philox.hpp"
#include "host/config/config.hpp"
#include "host/run/run.hpp"
#include "host/scenario/scenario.hpp"

namespace orb {

namespace {

uint64_t splitmix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Per-trial values (mean outputs) or period losses (quantile outputs) kept for the
// one-at-a-time points, to pair them trial by trial.
using TrialValues = std::vector<std::vector<double>>;  // [output][trial or period]

// Standard errors of quantile(b) - quantile(a) by bootstrap, resampling trials jointly (paired,
// common random numbers) and independently.
std::pair<double, double> quantile_swing_sems(const OutputDef& d, const std::vector<double>& a,
                                              const std::vector<double>& b, int years, int replicates, uint64_t seed) {
  const size_t trials = a.size() / years;
  if (trials * years < 200) return {0.0, 0.0};
  std::vector<double> paired, indep, ra, rb;
  for (int rep = 0; rep < replicates; ++rep) {
    RngStream r1(seed, static_cast<uint32_t>(rep), Purpose::kDesign, 21), r2(seed, static_cast<uint32_t>(rep), Purpose::kDesign, 22);
    ra.clear(), rb.clear();
    std::vector<double> rb2;
    for (size_t t = 0; t < trials; ++t) {
      const size_t i = std::min(trials - 1, static_cast<size_t>(r1.uniform() * trials));
      const size_t j = std::min(trials - 1, static_cast<size_t>(r2.uniform() * trials));
      ra.insert(ra.end(), a.begin() + i * years, a.begin() + (i + 1) * years);
      rb.insert(rb.end(), b.begin() + i * years, b.begin() + (i + 1) * years);
      rb2.insert(rb2.end(), b.begin() + j * years, b.begin() + (j + 1) * years);
    }
    const double qa = quantile_of_periods(d, ra);
    paired.push_back(quantile_of_periods(d, rb) - qa);
    indep.push_back(quantile_of_periods(d, rb2) - qa);
  }
  return {mean_and_sem(paired).sem * std::sqrt(double(replicates)), mean_and_sem(indep).sem * std::sqrt(double(replicates))};
}

void summarize_oat(const SweepSpec& spec, SweepResult& r, const std::vector<TrialValues>& kept, int years) {
  const int k = r.design.k, m = static_cast<int>(r.outputs.size());
  OatSummary& o = r.oat;
  for (int i = 0; i < k; ++i)
    for (int j = 0; j < m; ++j) {
      const double lo = r.mean[(2 * i + 1) * m + j], hi = r.mean[(2 * i + 2) * m + j];
      const double se_lo = r.sem[(2 * i + 1) * m + j], se_hi = r.sem[(2 * i + 2) * m + j];
      o.low.push_back(lo), o.high.push_back(hi), o.swing.push_back(hi - lo);
      double indep = std::sqrt(se_lo * se_lo + se_hi * se_hi), paired = indep;
      const auto& a = kept[2 * i + 1][j];
      const auto& b = kept[2 * i + 2][j];
      if (r.outputs[j].per_trial) {
        std::vector<double> d(a.size());
        for (size_t t = 0; t < a.size(); ++t) d[t] = b[t] - a[t];
        paired = mean_and_sem(d).sem;
      } else {
        std::tie(paired, indep) = quantile_swing_sems(r.outputs[j], a, b, years, std::max(50, spec.bootstrap / 10), spec.seed);
      }
      o.swing_sem.push_back(paired);
      o.swing_sem_independent.push_back(indep);
      o.variance_reduction.push_back(paired > 0.0 ? (indep * indep) / (paired * paired)
                                                  : (indep > 0.0 ? __builtin_huge_val() : 1.0));
    }
}

}  // namespace

double ishigami(double x1, double x2, double x3, double a, double b) {
  const double s2 = std::sin(x2);
  return std::sin(x1) + a * s2 * s2 + b * x3 * x3 * x3 * x3 * std::sin(x1);
}

std::vector<std::string> point_overrides(const SweepSpec& spec, const DesignMatrix& d, size_t row) {
  std::vector<std::string> out;
  for (int i = 0; i < d.k; ++i)
    out.push_back(spec.params[i].key + "=" + toml_number(d.values[row * d.k + i], spec.params[i].integer));
  return out;
}

SweepResult run_sweep(const SweepSpec& spec, Backend* backend, int threads, Progress& progress) {
  const auto start = std::chrono::steady_clock::now();
  SweepResult r;
  r.design = make_design(spec);
  for (const auto& name : spec.outputs) r.outputs.push_back(parse_output(name, spec.model));
  const size_t P = r.design.points, m = r.outputs.size();
  const int k = r.design.k;
  r.mean.assign(P * m, 0.0), r.sem.assign(P * m, 0.0);
  std::vector<TrialValues> kept;
  int years = 1;
  for (size_t p = 0; p < P; ++p) {
    const uint64_t seed = spec.common_random_numbers ? spec.seed : splitmix(spec.seed ^ splitmix(p + 1));
    r.seeds.push_back(seed);
    progress.set_label("point " + std::to_string(p + 1) + "/" + std::to_string(P) + ": ");
    if (spec.model == Model::kIshigami) {
      double x[3] = {0, 0, 0};
      for (int i = 0; i < k; ++i) x[spec.params[i].key[1] - '1'] = r.design.values[p * k + i];
      r.mean[p * m] = ishigami(x[0], x[1], x[2], spec.ishigami_a, spec.ishigami_b);
      progress.update(p + 1);
      continue;
    }
    const Config cfg = parse_config(spec.base_toml, spec.config_path, point_overrides(spec, r.design, p));
    const ScenarioData sc = build_scenario(cfg, seed);
    years = cfg.policy_years();
    backend->rebind(sc);
    RunOptions opt;
    opt.trials = spec.trials;
    opt.threads = threads;
    Progress quiet(spec.trials, Progress::Mode::kOff);
    const RunState state = run_all(sc, *backend, opt, true, quiet);
    if (spec.design == Design::kOat) kept.emplace_back();
    for (size_t j = 0; j < m; ++j) {
      const Estimate e = estimate(r.outputs[j], state, cfg.policy_years(), spec.seed, spec.bootstrap);
      r.mean[p * m + j] = e.value, r.sem[p * m + j] = e.sem;
      if (spec.design == Design::kOat)
        kept.back().push_back(r.outputs[j].per_trial ? per_trial_values(r.outputs[j], state, cfg.policy_years())
                                                     : period_losses(r.outputs[j], state));
    }
    progress.update((p + 1) * spec.trials);
  }
  progress.finish();
  auto column = [&](size_t j) {
    std::vector<double> y(P);
    for (size_t p = 0; p < P; ++p) y[p] = r.mean[p * m + j];
    return y;
  };
  if (spec.design == Design::kOat) summarize_oat(spec, r, kept, years);
  for (size_t j = 0; j < m; ++j) {
    if (spec.design == Design::kSobol)
      r.sobol.push_back(sobol_indices(column(j), k, spec.bootstrap, spec.confidence, spec.seed));
    if (spec.design == Design::kMorris)
      r.morris.push_back(morris_indices(column(j), r.design, spec.bootstrap, spec.confidence, spec.seed));
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (backend) r.backend = backend->name(), r.device = backend->device();
  else r.backend = "none", r.device = "built-in test function";
  return r;
}

}  // namespace orb
