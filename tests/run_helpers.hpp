// In-process runs for tests: config text -> tally, on the CPU backend, no progress output.
#pragma once

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <memory>
#include <string>
#include <vector>

#include "host/run/backend.hpp"
#include "host/config/config.hpp"
#include "host/run/moments.hpp"
#include "host/run/run.hpp"
#include "host/scenario/scenario.hpp"
#include "host/run/tally.hpp"

namespace orbtest {

// A file of the source tree; ORBITRISK_SOURCE overrides the build-time location so that
// test binaries carried to another machine (scripts/gpu_bundle.sh) still find the configs.
inline std::string source_path(const std::string& relative) {
  const char* env = std::getenv("ORBITRISK_SOURCE");
  return std::string(env && *env ? env : ORB_SOURCE_DIR) + "/" + relative;
}

// A file of the source tree as text (test configs that oracles also read).
inline std::string read_text(const std::string& relative) {
  std::ifstream in(source_path(relative));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ∫_0^t (1 + g)^(u / 1 y) du, in years, for t in days: the background flux's growth.
inline double grown_years(double t_days, double g) {
  return std::expm1(std::log1p(g) * t_days / 365.25) / std::log1p(g);
}

// Every trial of a run on `backend` (the CPU backend when null): tallies, YLT, kept rows.
inline orb::RunState run_state(const orb::ScenarioData& sc, uint64_t trials, bool keep = false,
                               int threads = 0, uint32_t batch = 0, orb::Backend* backend = nullptr) {
  std::unique_ptr<orb::Backend> cpu;
  if (!backend) cpu = orb::make_cpu_backend(sc, threads), backend = cpu.get();
  orb::Progress progress(trials, orb::Progress::Mode::kOff);
  orb::RunOptions opt;
  opt.trials = trials;
  opt.threads = threads;
  opt.batch = batch;
  return orb::run_all(sc, *backend, opt, keep, progress);
}

inline orb::Tally run_config(const orb::Config& cfg, uint64_t trials, uint64_t seed,
                             int threads = 0, uint32_t batch = 0) {
  return run_state(orb::build_scenario(cfg, seed), trials, false, threads, batch).tally;
}

inline orb::Tally run_text(const std::string& toml, uint64_t trials, uint64_t seed,
                           const std::vector<std::string>& overrides = {}) {
  return run_config(orb::parse_config(toml, "test.toml", overrides), trials, seed);
}

inline orb::Summary stat(const orb::Moments& m, int64_t n, int bits = orb::kCountBits) {
  return orb::summarize(m, n, bits);
}

// P(X >= k), X ~ Binomial(n, p), summed directly: the tests' own oracle arithmetic.
inline double binom_at_least(int n, double p, int k) {
  double s = 0.0;
  for (int i = k; i <= n; ++i)
    s += std::exp(std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) +
                  i * std::log(p) + (n - i) * std::log1p(-p));
  return p >= 1.0 ? (k <= n ? 1.0 : 0.0) : s;
}

inline double binom_pmf(int n, double p, int i) {
  if (p >= 1.0) return i == n ? 1.0 : 0.0;
  return std::exp(std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) +
                  i * std::log(p) + (n - i) * std::log1p(-p));
}

inline double weibull_surv(double t_days, double shape, double scale_years, double accel = 1.0) {
  return std::exp(-accel * std::pow(t_days / (scale_years * 365.25), shape));
}

}  // namespace orbtest
