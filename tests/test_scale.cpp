// The engine at constellation scale (100,000 satellites, a runaway cascade) against the same
// oracles as the small tests: k-of-n GPU attrition, background debris survival, and the
// first-generation R0 of one breakup. With few trials the standard errors come from the
// oracle itself (satellites are independent given the environment: a count over n of them
// with probability p has variance n p (1 - p)); tolerance 4.5 of them. Such trials run on the
// satellite-parallel CPU schedule (kernels/cpu_backend.cpp), which these tests thus cover.
#include <gtest/gtest.h>

#include <cstring>

#include "host/scenario/debris_analytic.hpp"
#include "run_helpers.hpp"

namespace {

using namespace orbtest;
constexpr double kSigmas = 4.5;

// tests/configs/kofg.toml (K = 12 of G = 16 GPUs, lost below 4 working) with 100,000 satellites.
TEST(Scale, KofNAttritionAtOneHundredThousandSatellites) {
  const int64_t N = 3, n = 100000;
  const orb::Config cfg = orb::load_config(source_path("tests/configs/kofg.toml"),
                                           {"shell[0].satellites=100000", "output.bin_days=365.25"});
  const orb::Tally t = run_config(cfg, N, 77);
  double edge = 0.0;
  for (int b = 0; b < t.shape.n_bins; ++b) {
    edge += t.shape.bin_width_days[b];
    const double bus = weibull_surv(edge, 0.8, 30), p = weibull_surv(edge, 1.3, 8, 1.5);
    const double alive = bus * binom_at_least(16, p, 4), full = bus * binom_at_least(16, p, 12);
    const auto a = stat(t.alive_all[b], N), f = stat(t.full_all[b], N);
    EXPECT_NEAR(a.mean / n, alive, kSigmas * std::sqrt(alive * (1 - alive) / (n * N))) << "alive, year " << b + 1;
    EXPECT_NEAR(f.mean / n, full, kSigmas * std::sqrt(full * (1 - full) / (n * N))) << "full, year " << b + 1;
  }
}

// tests/configs/debris-background.toml (background debris only, one GPU per satellite, no
// derelict re-entry before a year is out) with 100,000 satellites: a satellite survives to t
// with probability exp(-(A_dmg φ_3mm + A_vul φ_lethal + A_vul (1-ε) φ_cat) ∫(1+g)^u du).
TEST(Scale, BackgroundDebrisSurvivalAtOneHundredThousandSatellites) {
  const int64_t N = 2, n = 100000;
  const orb::Config cfg =
      orb::load_config(source_path("tests/configs/debris-background.toml"), {"shell[0].satellites=100000"});
  const orb::Tally t = run_config(cfg, N, 5);
  const double hazard_per_year = 20 * 4e-3 + 10 * (2e-3 - 5e-4) + 10 * 0.5 * 5e-4;
  double edge = 0.0;
  for (int b = 0; b < t.shape.n_bins; ++b) {
    edge += t.shape.bin_width_days[b];
    const double p = std::exp(-hazard_per_year * grown_years(edge, 0.1));
    const auto alive = stat(t.alive_all[b], N);
    EXPECT_NEAR(alive.mean / n, p, kSigmas * std::sqrt(p * (1 - p) / (n * N))) << "year " << b + 1;
  }
  EXPECT_GT(stat(t.hits[0], N).mean, 0.0);
}

// tests/configs/cascade.toml: one breakup forced at t = 0 among 40,000 satellites of its cell.
// With second generation off its first-generation breakups of live satellites number R0 > 1 on
// average (each satellite is hit independently; the count has variance about R0).
TEST(Scale, FirstGenerationBreakupsMatchAnR0AboveOne) {
  const orb::Config cfg =
      orb::load_config(source_path("tests/configs/cascade.toml"), {"debris.second_generation=false"});
  double fragments[3];
  orb::breakup_fragments(2000 + 1, fragments);
  const double r0 = orb::breakup_outlook(cfg, orb::debris_cell(cfg.debris, 550), fragments).r0_live;
  ASSERT_GT(r0, 1.5);
  const int64_t N = 200;
  const orb::Tally t = run_config(cfg, N, 31);
  const auto breakups = stat(t.breakups, N);
  EXPECT_NEAR(breakups.mean, r0, kSigmas * std::sqrt(r0 / N));
}

// With second generation on the same breakup starts a runaway cascade: thousands of breakups,
// every one attributed to its cloud through the trees of cloud_index.hpp. It must finish, and
// its records must not depend on the CPU schedule or the deferral of debris kills.
TEST(Scale, RunawayCascadeIsTheSameOnEverySchedule) {
  orb::ScenarioData sc = orb::build_scenario(orb::load_config(source_path("tests/configs/cascade.toml")), 8);
  const orb::RecordLayout& L = sc.layout;
  const auto records = [&](orb::CpuSchedule schedule, std::vector<int32_t>& ints, std::vector<double>& dbls) {
    auto backend = orb::make_cpu_backend(sc, 2, schedule);
    ints.assign(2 * L.n_int, 0);
    dbls.assign(2 * L.n_double, 0.0);
    backend->run(0, 2, ints.data(), dbls.data());
  };
  std::vector<int32_t> a_i, b_i;
  std::vector<double> a_d, b_d;
  records(orb::CpuSchedule::kSatellites, a_i, a_d);
  for (int i = 0; i < 2; ++i) {
    const int32_t* debris = a_i.data() + i * L.n_int + L.debris_counts;
    EXPECT_GT(debris[orb::kBreakupsLive], 1000) << "trial " << i;
    EXPECT_GT(debris[orb::kBreakupsByFragments], 1000) << "trial " << i;
  }
  records(orb::CpuSchedule::kTrials, b_i, b_d);
  EXPECT_EQ(a_i, b_i);
  EXPECT_EQ(0, std::memcmp(a_d.data(), b_d.data(), a_d.size() * sizeof(double)));
  sc.dims.defer_rebuilds = 0;
  records(orb::CpuSchedule::kSatellites, b_i, b_d);
  EXPECT_EQ(a_i, b_i);
  EXPECT_EQ(0, std::memcmp(a_d.data(), b_d.data(), a_d.size() * sizeof(double)));
}

}  // namespace
