// Replenishment (MODEL.md section 6): spares and replacement launches refill emptied positions.
// Oracles: a forced loss recovers after exactly the activation delay or the lead time; with
// exponential lives the long-run filled fraction is MTTF / (MTTF + lead) and the replacements
// over the mission match the renewal equation; a zero launch cap changes nothing.
#include <gtest/gtest.h>

#include <cmath>

#include "host/config/config_error.hpp"
#include "host/scenario/replenishment_analytic.hpp"
#include "run_helpers.hpp"

namespace {

using orbtest::source_path;

// Ten positions that never fail on their own (bus and GPU lives of 1e7 years, debris and
// radiation off); one satellite is forced out at day 100.
const char* kForced = R"(
[mission]
years = 2.0
[output]
bin_days = 10.0
capacity_thresholds = [0.99]
[[class]]
name = "c"
gpus = 8
gpus_required = 8
  [class.bus]
  shape = 1.0
  scale_years = 1e7
  [class.gpu]
  shape = 1.0
  scale_years = 1e7
[debris]
enabled = false
[radiation]
enabled = false
[replenishment]
enabled = true
spare_activation_days = 15.0
lead_time_days = 100.0
launch_failure_probability = 0.0
[[forced_loss]]
shell = "a"
time_days = 100.0
[[shell]]
name = "a"
altitude_km = 550
inclination_deg = 53
satellites = 10
class = "c"
)";

void expect_one_dip(const std::vector<std::string>& set, double dip_days) {
  const orb::ScenarioData sc = orb::build_scenario(orb::parse_config(kForced, "forced.toml", set), 4);
  const int N = 200;
  const orb::RunState s = orbtest::run_state(sc, N, true);
  const double mission = 2.0 * 365.25;
  const double expected = 1.0 - dip_days / (10.0 * mission);  // one of ten positions, for dip_days
  const auto& avg = s.kept.column("mission_average_capacity");
  const auto& cross = s.kept.column("threshold_time_days");
  const auto& end = s.kept.column("capacity_at_end");
  for (int i = 0; i < N; ++i) {
    ASSERT_NEAR(avg[i], expected, 1e-12) << "trial " << i;
    ASSERT_EQ(cross[i], 100.0) << "trial " << i;  // below 0.99 exactly at the forced loss
    ASSERT_EQ(end[i], 1.0) << "trial " << i;
  }
  // every refill took exactly dip_days: all in one histogram bin, mean exact
  const int bin = static_cast<int>(dip_days / mission * orb::kRestoreBins);
  EXPECT_EQ(s.tally.restore_hist[bin], N);
  EXPECT_NEAR(orb::summarize(s.tally.restore_days, N, orb::kDaysBits).mean, dip_days, 1e-5);
  EXPECT_EQ(s.tally.restore_hist[orb::kRestoreBins], 0) << "nothing is left empty";
}

TEST(Replenishment, ForcedLossRecoversAfterTheSpareActivationDelay) {
  expect_one_dip({"shell[0].spare_satellites=1"}, 15.0);
}

TEST(Replenishment, ForcedLossRecoversAfterTheLeadTimeWithoutSpares) {
  expect_one_dip({}, 100.0);
}

// Exponential bus lives (MTTF 100 days), no spares, no cap, no failed launches: each position
// alternates Exp(MTTF) up and `lead` down, so its long-run time-average occupancy is
// MTTF / (MTTF + lead) (alternating renewal). The standard error of the average over the last
// 24 bins is at most the mean of the bins' standard errors (Cauchy-Schwarz); 5 of those.
TEST(Replenishment, LongRunFilledFractionIsMttfOverMttfPlusLeadTime) {
  const char* cfg = R"(
[mission]
years = 5.0
[output]
bin_days = 30.0
[[class]]
name = "c"
gpus = 4
gpus_required = 4
  [class.bus]
  shape = 1.0
  scale_years = 0.27378507871321012
  [class.gpu]
  shape = 1.0
  scale_years = 1e7
[debris]
enabled = false
[radiation]
enabled = false
[replenishment]
enabled = true
lead_time_days = 50.0
launch_failure_probability = 0.0
[[shell]]
name = "a"
altitude_km = 550
inclination_deg = 53
satellites = 20
class = "c"
)";
  const orb::Config c = orb::parse_config(cfg, "mttf.toml");
  const orb::ScenarioData sc = orb::build_scenario(c, 11);
  const int N = 4000;
  const orb::RunState s = orbtest::run_state(sc, N);
  const orb::Tally& t = s.tally;
  double mean = 0.0, sem = 0.0;
  const int B = sc.dims.n_bins, last = 24;
  for (int b = B - last; b < B; ++b) {
    const orb::Summary x = orb::summarize(t.cap_average[b], N, orb::kFractionBits);
    mean += x.mean / last, sem += x.sem / last;
  }
  const double oracle = 100.0 / 150.0;
  EXPECT_NEAR(mean, oracle, 5 * sem) << "sem " << sem;
  EXPECT_LT(sem, 0.003);
  // replacements over the mission: the renewal equation (one-day grid) within 5 standard errors
  const orb::Summary repl = orb::summarize(t.replenish[orb::kReplacements], N, orb::kCountBits);
  const double expected = 20 * orb::expected_replacements_per_position(c.classes[0], 50.0, c.mission_days());
  EXPECT_NEAR(repl.mean, expected, 5 * repl.sem + 0.005 * expected) << "grid error allowance 0.5%";
  EXPECT_EQ(orb::summarize(t.replenish[orb::kLaunches], N, orb::kCountBits).mean, repl.mean);  // one per launch
  // the long run that validate reports: E[life] of an exponential bus is its scale
  EXPECT_NEAR(orb::mean_life_days(c.classes[0]), 100.0, 0.5);
  EXPECT_NEAR(orb::replenishment_need(c).steady_launches_per_year, 20 * 365.25 / 150.0, 0.1);
}

struct NotRestore {
  const orb::Tally& other;
  void operator()(const char* name, int, const std::vector<orb::Moments>& a, const std::vector<orb::Moments>& b) const {
    for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(a[i].sum == b[i].sum && a[i].sum_sq == b[i].sum_sq) << name << i;
  }
  void operator()(const char* name, int, const orb::Moments& a, const orb::Moments& b) const {
    EXPECT_TRUE(a.sum == b.sum && a.sum_sq == b.sum_sq) << name;
  }
  void operator()(const char* name, int, const std::vector<int64_t>& a, const std::vector<int64_t>& b) const {
    if (std::string(name) != "restore_hist") {  // restore_hist counts the positions left empty
      EXPECT_EQ(a, b) << name;
    }
  }
};

TEST(Replenishment, ZeroLaunchCapChangesNothing) {
  const auto cfg = [](std::vector<std::string> set) {
    return orb::build_scenario(orb::load_config(source_path("configs/reference/factory-1k.toml"), set), 6);
  };
  const orb::RunState off = orbtest::run_state(cfg({}), 150, true);
  const orb::RunState cap0 =
      orbtest::run_state(cfg({"replenishment.enabled=true", "replenishment.max_launches_per_year=0"}), 150, true);
  orb::visit_tallies(NotRestore{cap0.tally}, off.tally, cap0.tally);
  EXPECT_EQ(off.ylt, cap0.ylt);
  for (size_t c = 0; c < off.kept.columns.size(); ++c)
    EXPECT_EQ(off.kept.columns[c].data, cap0.kept.columns[c].data) << off.kept.columns[c].name;
  EXPECT_GT(cap0.tally.restore_hist[orb::kRestoreBins], 0) << "lost positions stay empty";
  EXPECT_EQ(cap0.tally.replenish[orb::kLaunches].sum, 0);
}

TEST(Replenishment, LaunchCapFailuresAndCostsAreCounted) {
  const orb::Config c = orb::load_config(source_path("tests/configs/replenishment.toml"));
  const orb::ScenarioData sc = orb::build_scenario(c, 2);
  const int N = 400;
  const orb::RunState s = orbtest::run_state(sc, N, true);
  const auto& counts = s.kept.column("replenishment_counts");
  const auto& cost = s.kept.column("replacement_cost_usd");
  double launched = 0, failed = 0;
  for (int i = 0; i < N; ++i) {
    const double launches = counts[i * 4 + orb::kLaunches], fails = counts[i * 4 + orb::kLaunchFailures];
    const double replacements = counts[i * 4 + orb::kReplacements];
    ASSERT_LE(launches, 6 * 4) << "cap: 6 per year over 4 years";
    ASSERT_LE(replacements, 3 * (launches - fails)) << "at most 3 per successful launch";
    ASSERT_LE(counts[i * 4 + orb::kSparesUsed], 4);
    ASSERT_EQ(std::fmod(cost[i], 40.0e6), 0.0);
    ASSERT_GE(cost[i], 40.0e6 * replacements);  // failed launches cost too
    launched += launches, failed += fails;
  }
  // launch failures ~ Binomial(launches, 0.2): 5 standard deviations
  EXPECT_NEAR(failed / launched, 0.2, 5 * std::sqrt(0.2 * 0.8 / launched));
  EXPECT_GT(launched, N * 20.0) << "the cap binds: about 6 launches every year";
}

TEST(Replenishment, SameSeedSameTalliesForAnyThreadCountAndBatch) {
  const orb::ScenarioData sc = orb::build_scenario(orb::load_config(source_path("tests/configs/replenishment.toml")), 8);
  const orb::RunState a = orbtest::run_state(sc, 120, true, 1, 7);
  const orb::RunState b = orbtest::run_state(sc, 120, true, 2, 50);
  orb::visit_tallies(NotRestore{b.tally}, a.tally, b.tally);
  EXPECT_EQ(a.tally.restore_hist, b.tally.restore_hist);
  EXPECT_EQ(a.ylt, b.ylt);
}

TEST(Replenishment, BadValuesAreClearErrors) {
  const std::string base = std::string(kForced);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"replenishment.lead_time_days=-5.0", "key 'replenishment.lead_time_days': must be in (0, 36525]"},
      {"replenishment.spare_activation_days=-1.0", "key 'replenishment.spare_activation_days': must be in [0, 36525]"},
      {"replenishment.max_launches_per_year=-2", "key 'replenishment.max_launches_per_year'"},
      {"replenishment.max_launches_per_year=2.5", "must be a whole number of launches"},
      {"replenishment.satellites_per_launch=0", "key 'replenishment.satellites_per_launch'"},
      {"replenishment.launch_failure_probability=1.5", "key 'replenishment.launch_failure_probability'"},
  };
  for (const auto& [set, phrase] : cases) {
    try {
      orb::parse_config(base, "forced.toml", {set});
      ADD_FAILURE() << set << ": accepted";
    } catch (const orb::ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(phrase), std::string::npos) << set << ": " << e.what();
    }
  }
  try {
    std::string t = base;
    t.replace(t.find("enabled = true\nspare_activation_days"), 14, "enabled = false");
    orb::parse_config(t + "spare_satellites = 2\n", "forced.toml");
    ADD_FAILURE() << "spares without replenishment accepted";
  } catch (const orb::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("in-orbit spares need [replenishment] enabled = true"), std::string::npos)
        << e.what();
  }
  try {
    std::string t = base;
    t.replace(t.find("shell = \"a\"\ntime_days"), 11, "shell = \"b\"");
    orb::parse_config(t, "forced.toml");
    ADD_FAILURE() << "unknown shell accepted";
  } catch (const orb::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("forced.toml:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no [[shell]] named 'b'"), std::string::npos) << e.what();
  }
}

}  // namespace
