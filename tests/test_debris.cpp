// Debris (MODEL.md section 3): oracles for background hits and derelicts without feedback,
// first-generation feedback against validate's integrals, monotonicity with common random
// numbers, a runaway cascade, scale, and determinism. Tolerance: 4.5 Monte Carlo standard
// errors, estimated from the trials.
#include <gtest/gtest.h>

#include "host/scenario/debris_analytic.hpp"
#include "run_helpers.hpp"

namespace {

using namespace orbtest;
constexpr double kSigmas = 4.5;

// Attrition switched off (bus scale 1e7 years, no GPU wear) so that debris alone acts.
const std::string kNoAttrition = R"(
[radiation]
enabled = false
[[class]]
name = "t"
gpus = 1
gpus_required = 1
vulnerable_area_m2 = 10
exposed_area_m2 = 20
derelict_area_m2 = 15
[class.bus]
shape = 1.0
scale_years = 1e7
[class.gpu]
acceleration = 0
[[shell]]
name = "s"
altitude_km = 550
inclination_deg = 53
satellites = 200
class = "t"
)";

// Flat background: >= 3 mm 4e-3, >= 1 cm 2e-3, >= 10 cm 5e-4 per m² per year, growing 10%/yr,
// no fragments. One GPU per satellite, so a damaging hit on it ends the satellite.
const std::string kBackground = read_text("tests/configs/debris-background.toml");


TEST(DebrisOracle, BackgroundSurvivalWithoutFeedback) {
  const int64_t N = 500;
  const orb::Tally t = run_text(kBackground, N, 3);
  const double dmg = 20 * 4e-3, leth = 10 * (2e-3 - 5e-4), cat = 10 * 0.5 * 5e-4;  // per year at t = 0
  double edge = 0.0;
  for (int b = 0; b < t.shape.n_bins; ++b) {
    edge += t.shape.bin_width_days[b];
    const double exact = std::exp(-(dmg + leth + cat) * grown_years(edge, 0.1));
    const auto alive = stat(t.alive_all[b], N);
    EXPECT_NEAR(alive.mean / 200, exact, kSigmas * alive.sem / 200) << "year " << b + 1;
  }
  // Losses split by cause in proportion to the hazards: damaging hits end the one-GPU
  // satellites (cause gpu_attrition), lethal and catastrophic ones are `debris`.
  const double lost = 200 * (1 - std::exp(-(dmg + leth + cat) * grown_years(t.shape.mission_days, 0.1)));
  const auto by_gpu = stat(t.sat_loss[orb::kSatGpuAttrition], N), by_debris = stat(t.sat_loss[orb::kSatDebris], N);
  EXPECT_NEAR(by_gpu.mean, lost * dmg / (dmg + leth + cat), kSigmas * by_gpu.sem);
  EXPECT_NEAR(by_debris.mean, lost * (leth + cat) / (dmg + leth + cat), kSigmas * by_debris.sem);
  const auto gpus = stat(t.gpu_loss[orb::kGpuDebrisDamage], N);
  EXPECT_NEAR(gpus.mean, by_gpu.mean, 1e-12);  // each such loss is one debris-damage GPU loss
}

// Derelicts: lethal kills stay, damaging-hit losses stay with probability 1 - 0.6; each
// re-enters at rate 1/2 per year and breaks up on >= 10 cm objects (no avoidance, area 15).
TEST(DebrisOracle, DerelictPopulation) {
  const int64_t N = 500;
  const orb::Tally t = run_text(kBackground, N, 4);
  const double dmg = 20 * 4e-3, leth = 10 * 1.5e-3, cat = 10 * 0.5 * 5e-4, g = 0.1;
  const double made = leth + 0.4 * dmg;  // per year per live satellite at t = 0
  const auto grow = [&](double days) { return std::pow(1 + g, days / 365.25); };
  double edge = 0.0;
  for (int b = 0; b < t.shape.n_bins; ++b) {
    edge += t.shape.bin_width_days[b];
    double expected = 0.0;  // Simpson over the creation time u
    const int n = 2000;
    for (int i = 0; i <= n; ++i) {
      const double u = edge * i / n;
      const double live = std::exp(-(dmg + leth + cat) * grown_years(u, g));
      const double stays = std::exp(-(edge - u) / 730.5) *
                           std::exp(-15 * 5e-4 * (grown_years(edge, g) - grown_years(u, g)));
      expected += (i == 0 || i == n ? 1 : (i % 2 ? 4 : 2)) * 200 * live * made * grow(u) / 365.25 * stays;
    }
    expected *= edge / n / 3;
    const auto d = stat(t.derelicts[b], N);
    EXPECT_NEAR(d.mean, expected, kSigmas * d.sem) << "year " << b + 1;
  }
}

// One breakup forced at t = 0, no background, second generation off: simulated kills and
// follow-on breakups against the first-generation integrals validate prints.
std::string forced(bool lethal, bool second_generation, double avoidance = 0.0) {
  return R"(
[radiation]
enabled = false
[[class]]
name = "t"
gpus = 2
gpus_required = 2
vulnerable_area_m2 = 30
exposed_area_m2 = 0
derelict_area_m2 = 30
[class.bus]
shape = 1.0
scale_years = 1e7
[class.gpu]
acceleration = 0
[[shell]]
name = "s"
altitude_km = 550
inclination_deg = 53
satellites = 3000
class = "t"
[debris]
avoidance_efficiency = )" + std::to_string(avoidance) + R"(
catalog_delay_days = 200
lethal_hits = )" + std::string(lethal ? "true" : "false") + R"(
second_generation = )" + std::string(second_generation ? "true" : "false") + R"(
[debris.flux]
altitude_km = [200, 2000]
ge_1cm = [0, 0]
[[debris.forced_breakup]]
shell = "s"
time_days = 0
)";
}

struct FeedbackResult {
  orb::Summary kills, breakups;
  orb::BreakupOutlook analytic;
};

FeedbackResult feedback(bool lethal, bool second_generation, int64_t N, double avoidance = 0.0) {
  const orb::Config cfg = orb::parse_config(forced(lethal, second_generation, avoidance), "f.toml");
  const orb::Tally t = run_config(cfg, N, 17);
  double fragments[3];
  orb::breakup_fragments(2000 + 1, fragments);
  return {stat(t.sat_loss[orb::kSatDebris], N), stat(t.breakups, N),
          orb::breakup_outlook(cfg, orb::debris_cell(cfg.debris, 550), fragments)};
}

TEST(DebrisFeedback, FirstGenerationOnLiveTargetsMatchesR0) {
  const FeedbackResult r = feedback(false, false, 1000);
  ASSERT_GT(r.analytic.r0_live, 0.5);  // large enough to measure well
  EXPECT_NEAR(r.breakups.mean, r.analytic.r0_live, kSigmas * r.breakups.sem);
  EXPECT_NEAR(r.kills.mean, r.analytic.r0_live, kSigmas * r.kills.sem);  // every kill is a breakup
}

// With avoidance, live satellites dodge the catastrophic fragments only once they are
// catalogued (200 days after the breakup here).
TEST(DebrisFeedback, CatalogueDelayAndAvoidance) {
  const FeedbackResult r = feedback(false, false, 2000, 0.8);
  ASSERT_GT(r.analytic.r0_live, 0.2);
  EXPECT_NEAR(r.breakups.mean, r.analytic.r0_live, kSigmas * r.breakups.sem);
}

TEST(DebrisFeedback, FirstGenerationWithDerelictsMatchesR0) {
  const FeedbackResult r = feedback(true, false, 1000);
  EXPECT_NEAR(r.kills.mean, r.analytic.kills, kSigmas * r.kills.sem);
  EXPECT_NEAR(r.breakups.mean, r.analytic.r0_derelicts, kSigmas * r.breakups.sem);
  EXPECT_GT(r.analytic.kills, 10 * r.analytic.r0_derelicts);  // lethal fragments dominate kills
}

TEST(DebrisFeedback, SecondGenerationOnlyAddsDamage) {
  const FeedbackResult first = feedback(true, false, 1000), both = feedback(true, true, 1000);
  EXPECT_GE(both.kills.mean, first.analytic.kills - kSigmas * both.kills.sem);
  EXPECT_GE(both.breakups.mean, first.analytic.r0_derelicts - kSigmas * both.breakups.sem);
  EXPECT_GE(both.kills.mean, first.kills.mean);  // same seed: the extra clouds only add hits
}

// Monotonicity with common random numbers (same seed): making debris worse never raises the
// simulated fraction of satellites alive, bin by bin (within 4.5 standard errors of the
// difference, bounded without the CRN correlation).
class DebrisMonotone : public ::testing::TestWithParam<std::vector<std::string>> {};

orb::Config two_shells(const std::vector<std::string>& overrides = {}) {
  return orb::load_config(source_path("tests/configs/debris-two-shells.toml"), overrides);
}

TEST_P(DebrisMonotone, WorseDebrisNeverRaisesSurvival) {
  const int64_t N = 300;
  const orb::Tally base = run_config(two_shells(), N, 8);
  const orb::Tally worse = run_config(two_shells(GetParam()), N, 8);
  for (int b = 0; b < base.shape.n_bins; ++b) {
    const auto a = stat(base.alive_all[b], N), w = stat(worse.alive_all[b], N);
    EXPECT_LE(w.mean, a.mean + kSigmas * std::hypot(a.sem, w.sem)) << "bin " << b;
  }
  const auto a = stat(base.sat_loss[orb::kSatDebris], N), w = stat(worse.sat_loss[orb::kSatDebris], N);
  const auto da = stat(base.derelicts[base.shape.n_bins * 2 - 1], N), dw = stat(worse.derelicts[base.shape.n_bins * 2 - 1], N);
  // the change must matter: more debris kills, or (disposal) more derelicts
  EXPECT_TRUE(w.mean > a.mean + 3 * std::hypot(a.sem, w.sem) || dw.mean > da.mean + 3 * std::hypot(da.sem, dw.sem));
}

INSTANTIATE_TEST_SUITE_P(
    Changes, DebrisMonotone,
    ::testing::Values(std::vector<std::string>{"debris.flux.ge_1cm=[3e-4, 3e-4]"},
                      std::vector<std::string>{"class[0].vulnerable_area_m2=40", "class[0].derelict_area_m2=20"},
                      std::vector<std::string>{"debris.fragment_lifetime.years=[0.03, 0.3, 1.5, 4.5, 18, 112.5, 600, 6000]"},
                      std::vector<std::string>{"debris.disposal_reliability=0.5"}));

// A cascade: R0 > 1 by construction. It must finish and report many breakups per trial.
TEST(DebrisCascade, RunawayTrialCompletesAndReportsTheCascade) {
  const std::string cfg = R"(
[[class]]
name = "t"
gpus = 2
gpus_required = 2
vulnerable_area_m2 = 100
exposed_area_m2 = 0
[[shell]]
name = "s"
altitude_km = 800
inclination_deg = 98
satellites = 5000
class = "t"
[debris]
avoidance_efficiency = 0.0
disposal_reliability = 0.0
[[debris.forced_breakup]]
shell = "s"
time_days = 0
)";
  const orb::Config c = orb::parse_config(cfg, "cascade.toml");
  double fragments[3];
  orb::breakup_fragments(2001, fragments);
  ASSERT_GT(orb::breakup_outlook(c, orb::debris_cell(c.debris, 800), fragments).r0_live, 1.0);
  const int64_t N = 8;
  const orb::Tally t = run_config(c, N, 1);
  EXPECT_GT(stat(t.breakups, N).mean, 100.0);
  EXPECT_EQ(t.breakups_hist[0] + t.breakups_hist[1], 0);
  EXPECT_LT(stat(t.alive_all[t.shape.n_bins - 1], N).mean, 0.5 * 5000);
}

TEST(DebrisScale, OneSatelliteAndOneHundredThousand) {
  const std::string one = kNoAttrition;
  const orb::Tally t1 = run_text(one, 50, 2, {"shell[0].satellites=1"});
  EXPECT_EQ(t1.trials, 50);
  const std::string many = R"(
[radiation]
enabled = false
[[class]]
name = "t"
gpus = 4
gpus_required = 3
[[shell]]
name = "a"
altitude_km = 550
inclination_deg = 53
satellites = 60000
class = "t"
[[shell]]
name = "b"
altitude_km = 1100
inclination_deg = 87
satellites = 40000
class = "t"
)";
  const orb::Tally t = run_text(many, 2, 2);
  const auto alive = stat(t.alive_all[t.shape.n_bins - 1], 2);
  EXPECT_GT(alive.mean, 0.8 * 100000);
  EXPECT_LT(alive.mean, 100000);
  EXPECT_GT(stat(t.hits[0], 2).mean + stat(t.hits[1], 2).mean, 0.0);
}

TEST(DebrisDeterminism, ThreadsAndBatchesGiveIdenticalTallies) {
  const orb::Config cfg = two_shells({"debris.flux.ge_1cm=[5e-4, 5e-4]"});
  const orb::Tally a = run_config(cfg, 40, 9, 1, 40), b = run_config(cfg, 40, 9, 2, 3);
  for (size_t i = 0; i < a.alive.size(); ++i) EXPECT_TRUE(a.alive[i].sum == b.alive[i].sum && a.alive[i].sum_sq == b.alive[i].sum_sq);
  for (size_t i = 0; i < a.fragments.size(); ++i) EXPECT_TRUE(a.fragments[i].sum == b.fragments[i].sum);
  for (size_t i = 0; i < a.hits.size(); ++i) EXPECT_TRUE(a.hits[i].sum == b.hits[i].sum);
  EXPECT_TRUE(a.breakups.sum == b.breakups.sum && a.manoeuvres_all.sum == b.manoeuvres_all.sum);
  EXPECT_GT(stat(a.breakups, 40).mean, 0.0);
}

}  // namespace
