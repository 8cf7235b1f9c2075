// Radiation (MODEL.md section 4): DUE counts against the ECC formula, TID losses against the
// lognormal CDF of the dose, SPE counts against the modulated Poisson law, the peak-flux law,
// and the common-cause correlation that solar particle events create. Tolerances: 4.5 Monte
// Carlo standard errors.
#include <gtest/gtest.h>

#include "host/scenario/radiation_analytic.hpp"
#include "kernels/normal.hpp"
#include "kernels/radiation.hpp"
#include "run_helpers.hpp"

namespace {

using namespace orbtest;
constexpr double kSigmas = 4.5;

// Nothing but radiation: no wear-out, an immortal bus, no debris. 20 satellites of 8 GPUs.
const std::string kQuiet = R"(
[mission]
years = 1
[debris]
enabled = false
[radiation]
sel_per_gpu_year = 0
[radiation.dose_rate]
altitude_km = [200, 2000]
below_80deg = [0, 0]
from_80deg = [0, 0]
[radiation.spe]
enabled = false
[[class]]
name = "t"
gpus = 8
gpus_required = 8
[class.bus]
shape = 1.0
scale_years = 1e7
[class.gpu]
acceleration = 0
[[shell]]
name = "s"
altitude_km = 550
inclination_deg = 53
satellites = 20
class = "t"
)";

// ECC: r = W n(n-1)/2 ((1 - f) λ)² T_s + f λ B per in-service GPU-day, B = 80 GB = 6.4e11 bits.
double due_formula(double seu, double mbu, double scrub_hours) {
  const double B = 80 * 8e9, n = 72, single = (1 - mbu) * seu;
  return B / n * n * (n - 1) / 2 * single * single * scrub_hours / 24 + mbu * seu * B;
}

struct DueCase {
  const char* label;
  std::vector<std::string> overrides;
  double seu, mbu, scrub_hours;
};

class DueOracle : public ::testing::TestWithParam<DueCase> {};

TEST_P(DueOracle, CountsPerGpuDayMatchTheFormula) {
  const DueCase& c = GetParam();
  const int64_t N = 200;
  const orb::Tally t = run_text(kQuiet, N, 3, c.overrides);
  const double gpu_days = 160 * t.shape.mission_days;  // capacity never changes here
  const double rate = due_formula(c.seu, c.mbu, c.scrub_hours);
  const auto due = stat(t.radiation_counts[orb::kDue], N);
  EXPECT_NEAR(due.mean / gpu_days, rate, kSigmas * due.sem / gpu_days) << c.label;
  EXPECT_NEAR(due.std * due.std / due.mean, 1.0, 0.35) << "Poisson dispersion, " << c.label;  // SE ~0.1
  const auto corrected = stat(t.radiation_counts[orb::kCorrected], N);
  EXPECT_NEAR(corrected.mean, (1 - c.mbu) * c.seu * 80 * 8e9 * gpu_days, kSigmas * corrected.sem + 1.0);
  const auto sdc = stat(t.radiation_counts[orb::kSdc], N);
  EXPECT_NEAR(sdc.mean, 1e-4 * gpu_days, kSigmas * sdc.sem);
  // DUE downtime: each takes its GPU down for 0.25 h
  const auto avail = stat(t.mission_availability, N, orb::kFractionBits);
  EXPECT_NEAR(avail.mean, 1 - rate * 0.25 / 24, kSigmas * avail.sem + 1e-9);
}

INSTANTIATE_TEST_SUITE_P(
    Ecc, DueOracle,
    ::testing::Values(
        DueCase{"defaults_multibit_dominates", {}, 1e-10, 0.01, 24},
        DueCase{"double_bit_24h", {"radiation.mbu_fraction=0", "radiation.seu_per_bit_day=1e-7"}, 1e-7, 0.0, 24},
        DueCase{"double_bit_2.4h",
                {"radiation.mbu_fraction=0", "radiation.seu_per_bit_day=1e-7", "radiation.scrub_interval_hours=2.4"},
                1e-7, 0.0, 2.4}),
    [](const ::testing::TestParamInfo<DueCase>& i) { return std::string(i.param.label) == "double_bit_2.4h" ? std::string("double_bit_2_4h") : std::string(i.param.label); });

TEST(DueOracle, DoubleBitTermScalesWithTheScrubInterval) {
  EXPECT_NEAR(due_formula(1e-7, 0, 24) / due_formula(1e-7, 0, 2.4), 10.0, 1e-9);
  EXPECT_GT(due_formula(1e-7, 0, 24), 0.2);  // large enough that the simulation resolves it
}

// TID: no events, a flat 5,000 rad/yr behind 4 mm; the class has 8 mm (factor 0.8 / 1.0).
// Each GPU's tolerance is lognormal (median 10 krad, σ 0.5): the fraction lost to dose by t is
// Φ((ln D(t) - ln 1e4) / 0.5).
TEST(TidOracle, FractionLostIsTheLognormalCdfOfTheDose) {
  const int64_t N = 200;
  const orb::Tally t = run_text(kQuiet, N, 5,
                                {"mission.years=5", "radiation.dose_rate.below_80deg=[5000, 5000]",
                                 "radiation.dose_rate.from_80deg=[5000, 5000]", "class[0].shielding_mm_al=8",
                                 "class[0].min_gpus_operating=1"});
  const double G = 160;
  double edge = 0.0, lost = 0.0;
  orb::Moments cumulative;
  for (int b = 0; b < t.shape.n_bins; ++b) {
    edge += t.shape.bin_width_days[b];
    const double dose = 5000 * 0.8 * edge / 365.25;
    const double expected = orb::normal_cdf((std::log(dose) - std::log(1e4)) / 0.5);
    lost += stat(t.gpu_loss_bin[b * orb::kGpuCauseCount + orb::kGpuTid], N).mean;
    // binomial standard error of the per-GPU fraction, inflated for clustering by satellite
    const double sem = std::sqrt(expected * (1 - expected) / (N * G));
    EXPECT_NEAR(lost / G, expected, kSigmas * sem + 1e-12) << "bin " << b << ", dose " << dose;
  }
  EXPECT_GT(lost / G, 0.5);  // the dose does pass the median tolerance
  const auto dose_end = stat(t.dose_end[0], N, orb::kDoseBits);
  EXPECT_NEAR(dose_end.mean, 5000 * 0.8 * 5, 1e-6);
}

// Satellites are lost when too few GPUs survive the dose: cause `tid`.
TEST(TidOracle, SatellitesLostToDose) {
  const int64_t N = 300;
  const orb::Tally t = run_text(kQuiet, N, 6,
                                {"mission.years=5", "radiation.dose_rate.below_80deg=[5000, 5000]",
                                 "class[0].gpus=4", "class[0].gpus_required=4", "class[0].min_gpus_operating=2"});
  const double dose = 5000 * 5.0, p = orb::normal_cdf((std::log(dose) - std::log(1e4)) / 0.5);
  const double lost = binom_at_least(4, p, 3);  // fewer than 2 of 4 left
  const auto tid = stat(t.sat_loss[orb::kSatTid], N);
  EXPECT_NEAR(tid.mean / 20, lost, kSigmas * tid.sem / 20);
  EXPECT_EQ(stat(t.sat_loss[orb::kSatGpuAttrition], N).mean, 0.0);
}

// SPE counts: Poisson with mean ∫ (N/P)(1 + a cos(2π(y - y_max)/P)) dy over the mission.
TEST(SpeOracle, CountsFollowTheModulatedPoissonLaw) {
  const int64_t N = 4000;
  const std::vector<std::string> set = {"radiation.spe.enabled=true", "mission.years=7", "mission.start_year=2031.3",
                                        "shell[0].satellites=1"};
  const orb::Config cfg = orb::parse_config(kQuiet, "spe.toml", set);
  const orb::Tally t = run_config(cfg, N, 9);
  const double P = 11.0 * 365.25, T = 7 * 365.25, t_max = (2024.5 - 2031.3) * 365.25, w = 2 * M_PI / P;
  const double mean = 50.0 / P * (T + 0.8 / w * (std::sin(w * (T - t_max)) - std::sin(-w * t_max)));
  const auto n = stat(t.spe_count, N);
  EXPECT_NEAR(n.mean, mean, kSigmas * std::sqrt(mean / N));
  // dispersion var/mean = 1; the sample variance of a Poisson has SE sqrt((μ + 2μ²)/N)
  EXPECT_NEAR(n.std * n.std, mean, kSigmas * std::sqrt((mean + 2 * mean * mean) / N));
  EXPECT_NEAR(orb::spe_expected_events(orb::build_scenario(cfg, 1).dims.radiation, T), mean, 1e-9 * mean);
}

// The peak-flux sampler against the truncated Pareto of MODEL.md, and the S-scale counts per
// cycle MODEL.md quotes for the defaults (~20 / 7.5 / 2.7 / 0.76 at S2-S5).
TEST(SpeOracle, PeakFluxLaw) {
  const orb::ScenarioData sc = orb::build_scenario(orb::parse_config(kQuiet, "spe.toml", {"radiation.spe.enabled=true"}), 1);
  const orb::RadiationGlobals& r = sc.dims.radiation;
  const double floor = std::pow(1e5, -0.4);
  for (double f : {10.0, 100.0, 1e3, 1e4, 1e5, 5e5}) {
    const double exceed = (std::pow(f / 10, -0.4) - floor) / (1 - floor);
    EXPECT_NEAR(orb::spe_exceedance(r, f), exceed, 1e-12);
    // inversion: u = P(F > f) maps to f
    EXPECT_NEAR(orb::spe_peak_pfu(r, exceed), f, 1e-9 * f);
  }
  const double per_cycle[4] = {20, 7.5, 2.7, 0.76};
  for (int level = 2; level <= 5; ++level)
    EXPECT_NEAR(50 * orb::spe_exceedance(r, std::pow(10.0, level)), per_cycle[level - 2], 0.05 * per_cycle[level - 2]);
}

// Common cause: one event multiplies the latch-up rate of every GPU at once, so
// constellation-wide SEL losses vary more across trials than the same mean rate spread
// independently (which gives the Poisson-like variance ~ mean).
TEST(SpeCorrelation, EventsMakeLossesOverdispersed) {
  const int64_t N = 400;
  const std::vector<std::string> base = {"mission.years=5", "radiation.sel_per_gpu_year=0.01",
                                         "radiation.spe.exposure_below_80deg=1.0", "shell[0].satellites=200",
                                         "class[0].gpus=16", "class[0].gpus_required=16"};
  std::vector<std::string> with_events = base;
  with_events.push_back("radiation.spe.enabled=true");
  const orb::Tally on = run_text(kQuiet, N, 12, with_events);
  const auto sel_on = stat(on.gpu_loss[orb::kGpuSel], N);
  // the same mean rate without events, spread independently over every GPU-day
  const double gpus = 200 * 16, T = 5 * 365.25;
  const double rate = sel_on.mean / (gpus * T) * 365.25;
  std::vector<std::string> independent = base;
  independent[1] = "radiation.sel_per_gpu_year=" + std::to_string(rate);
  const orb::Tally off = run_text(kQuiet, N, 12, independent);
  const auto sel_off = stat(off.gpu_loss[orb::kGpuSel], N);
  EXPECT_NEAR(sel_off.mean, sel_on.mean, kSigmas * std::hypot(sel_on.sem, sel_off.sem));
  const double var_on = sel_on.std * sel_on.std, var_off = sel_off.std * sel_off.std;
  // variance of a sample variance ~ 2σ⁴/(N-1) for near-normal counts; demand a wide margin
  EXPECT_GT(var_on, var_off * (1 + kSigmas * std::sqrt(2.0 / (N - 1))) * 2) << var_on << " vs " << var_off;
  EXPECT_NEAR(var_off / sel_off.mean, 1.0, kSigmas * std::sqrt(2.0 / (N - 1)));  // independent: ~Poisson
}

}  // namespace
