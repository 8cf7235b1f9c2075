// Insurance losses (MODEL.md section 5): policy terms on hand-computed occurrences, insured
// values with depreciation against a closed form, and occurrence grouping (breakup chains,
// solar particle event windows). Statistical tolerances: 4.5 Monte Carlo standard errors.
#include <gtest/gtest.h>

#include "kernels/losses.hpp"
#include "run_helpers.hpp"

namespace {

using namespace orbtest;
constexpr double kSigmas = 4.5;

// A bare record with two policy years for exercising LossBook directly.
struct Book {
  orb::ScenarioView sc{};
  orb::RecordLayout L = orb::make_record_layout(1, 1, 0, 2);
  std::vector<int32_t> ints = std::vector<int32_t>(L.n_int, 0);
  std::vector<double> dbls = std::vector<double>(L.n_double, 0.0);
  explicit Book(orb::LossGlobals g) { sc.losses = g; }
  orb::LossBook book() { return orb::LossBook(sc, L, orb::RecordView{{ints.data(), 1}, {dbls.data(), 1}}); }
  double ylt(int year, int column) const { return dbls[L.ylt + year * orb::kYltColumns + column]; }
};

orb::LossGlobals terms(double d_o, double l_o, double d_a, double l_a, double share, double attach = 0.0) {
  orb::LossGlobals g{};
  g.enabled = 1;
  g.business_interruption = 1;
  g.n_years = 2;
  g.depreciation_days = 1e9;
  g.attach_days = attach;
  g.occurrence_deductible = d_o, g.occurrence_limit = l_o;
  g.aggregate_deductible = d_a, g.aggregate_limit = l_a;
  g.share = share;
  return g;
}

TEST(PolicyTerms, OccurrenceAndAggregateTerms) {
  Book b(terms(10, 50, 20, 60, 0.5));
  auto book = b.book();
  for (double loss : {30.0, 80.0, 5.0}) book.single(100.0, loss, 0, 0);  // year 0
  book.finish();
  EXPECT_DOUBLE_EQ(b.ylt(0, orb::kYltGrossAggregate), 115.0);
  EXPECT_DOUBLE_EQ(b.ylt(0, orb::kYltGrossMax), 80.0);
  // net occurrences 20, 50 (limited), 0 (under the deductible): 70; aggregate: (70 - 20) = 50
  // under the 60 limit; share 0.5
  EXPECT_DOUBLE_EQ(b.ylt(0, orb::kYltNetAggregate), 25.0);
  EXPECT_DOUBLE_EQ(b.ylt(0, orb::kYltNetMax), 25.0);
}

TEST(PolicyTerms, AggregateLimitExhausts) {
  for (int extra = 0; extra < 2; ++extra) {
    Book b(terms(10, 50, 20, 60, 0.5));
    auto book = b.book();
    for (int i = 0; i < 3 + extra; ++i) book.single(400.0, 60.0, 0, 0);  // year 1
    book.finish();
    EXPECT_DOUBLE_EQ(b.ylt(1, orb::kYltNetAggregate), 30.0) << extra;  // min(150 - 20, 60) × 0.5, then nothing more
    EXPECT_DOUBLE_EQ(b.ylt(1, orb::kYltGrossAggregate), 60.0 * (3 + extra));
    EXPECT_DOUBLE_EQ(b.ylt(0, orb::kYltGrossAggregate), 0.0);
  }
}

TEST(PolicyTerms, AttachmentChainsAndShare) {
  Book b(terms(0, __builtin_huge_val(), 0, __builtin_huge_val(), 0.8, 90.0));
  auto book = b.book();
  book.single(50.0, 40.0, 0, 0);                     // before attachment: gross only
  orb::OccurrenceSum chain{60.0, 0.0, 0.0};           // starts before attachment
  book.join(chain, 70.0, 10.0, 2, 0);                 // not insured
  book.join(chain, 500.0, 25.0, 2, 0);                // insured, and dated in year 0 with its chain
  book.close(chain);
  book.finish();
  EXPECT_DOUBLE_EQ(b.ylt(0, orb::kYltGrossAggregate), 75.0);
  EXPECT_DOUBLE_EQ(b.ylt(0, orb::kYltGrossMax), 40.0);
  EXPECT_DOUBLE_EQ(b.ylt(0, orb::kYltNetAggregate), 0.8 * 25.0);
  EXPECT_DOUBLE_EQ(b.ylt(0, orb::kYltNetMax), 0.8 * 25.0);
  EXPECT_DOUBLE_EQ(b.ylt(1, orb::kYltGrossAggregate), 0.0);  // event-date basis
}

TEST(PolicyTerms, BusinessInterruptionIsSplitByPolicyYear) {
  Book b(terms(0, __builtin_huge_val(), 100, __builtin_huge_val(), 1.0, 0.0));
  auto book = b.book();
  book.interruption(182.625, 547.875, 100.0, 24.0);  // 100 GPU-days over half of each year
  book.finish();
  EXPECT_NEAR(b.ylt(0, orb::kYltGrossAggregate), 1200.0, 1e-9);
  EXPECT_NEAR(b.ylt(1, orb::kYltGrossAggregate), 1200.0, 1e-9);
  EXPECT_NEAR(b.ylt(0, orb::kYltNetAggregate), 1100.0, 1e-9);  // aggregate deductible 100
  EXPECT_DOUBLE_EQ(b.ylt(0, orb::kYltGrossMax), 0.0);          // not an occurrence
}

// Bus losses only: 100 satellites with exponential bus lives (mean 10 y), $1M each,
// depreciating to zero at 7 years. Year y's expected gross loss:
// n ∫ V (1 - t/7y) λ e^{-λ t} dt over the year; the insured part starts at 90 days.
const std::string kBusOnly = R"(
[debris]
enabled = false
[radiation]
enabled = false
[[class]]
name = "t"
gpus = 2
gpus_required = 2
value_usd = 1e6
gpu_value_usd = 0
[class.bus]
shape = 1.0
scale_years = 10
[class.gpu]
acceleration = 0
[[shell]]
name = "s"
altitude_km = 550
inclination_deg = 53
satellites = 100
class = "t"
)";

double expected_year(int y, double from_days) {
  const double lambda = 1.0 / (10 * 365.25), dep = 7 * 365.25;
  double sum = 0.0;
  const int n = 4000;
  const double a = std::max(y * 365.25, from_days), b = (y + 1) * 365.25;
  if (b <= a) return 0.0;
  for (int i = 0; i <= n; ++i) {
    const double t = a + (b - a) * i / n;
    sum += (i == 0 || i == n ? 1 : (i % 2 ? 4 : 2)) * 1e6 * std::max(0.0, 1 - t / dep) * lambda * std::exp(-lambda * t);
  }
  return 100 * sum * (b - a) / n / 3;
}

TEST(InsuredValues, DepreciatedBusLossesPerPolicyYear) {
  const int N = 2000, Y = 5;
  const orb::Config cfg = orb::parse_config(kBusOnly, "bus.toml");
  const orb::ScenarioData sc = orb::build_scenario(cfg, 4);
  const std::vector<double> ylt = orbtest::run_state(sc, N).ylt;
  ASSERT_EQ(ylt.size(), size_t(N) * Y * orb::kYltColumns);
  for (int y = 0; y < Y; ++y)
    for (const auto& [column, from] : {std::pair{orb::kYltGrossAggregate, 0.0}, std::pair{orb::kYltNetAggregate, 90.0}}) {
      double s = 0, ss = 0;
      for (int i = 0; i < N; ++i) {
        const double x = ylt[(size_t(i) * Y + y) * orb::kYltColumns + column];
        s += x, ss += x * x;
      }
      const double mean = s / N, sem = std::sqrt((ss / N - mean * mean) / (N - 1));
      EXPECT_NEAR(mean, expected_year(y, from), kSigmas * sem) << "year " << y << " column " << column;
      EXPECT_GT(mean, 0.0);
    }
}

// One breakup forced at t = 0 with no background: every debris loss belongs to its chain, so
// each trial has one occurrence, dated in year 0, holding all its losses.
TEST(Occurrences, BreakupChainIsOneOccurrence) {
  const std::string cfg = R"(
[radiation]
enabled = false
[[class]]
name = "t"
gpus = 8
gpus_required = 8
vulnerable_area_m2 = 30
exposed_area_m2 = 100
[class.bus]
shape = 1.0
scale_years = 1e7
[class.gpu]
acceleration = 0
[[shell]]
name = "s"
altitude_km = 550
inclination_deg = 53
satellites = 2000
class = "t"
[debris]
avoidance_efficiency = 0.5
[debris.flux]
altitude_km = [200, 2000]
ge_1cm = [0, 0]
[[debris.forced_breakup]]
shell = "s"
time_days = 0
)";
  const int N = 100, Y = 5;
  const orb::ScenarioData sc = orb::build_scenario(orb::parse_config(cfg, "chain.toml"), 6);
  const orb::RunState state = orbtest::run_state(sc, N);
  const orb::Tally& t = state.tally;
  const std::vector<double>& ylt = state.ylt;
  int with_losses = 0;
  for (int i = 0; i < N; ++i) {
    const double* y0 = &ylt[size_t(i) * Y * orb::kYltColumns];
    if (y0[orb::kYltGrossAggregate] > 0) ++with_losses;
    EXPECT_DOUBLE_EQ(y0[orb::kYltGrossMax], y0[orb::kYltGrossAggregate]) << "trial " << i;
    for (int y = 1; y < Y; ++y) EXPECT_EQ(ylt[(size_t(i) * Y + y) * orb::kYltColumns + orb::kYltGrossAggregate], 0.0);
  }
  EXPECT_EQ(with_losses, N);
  EXPECT_GT(stat(t.loss_label[int{orb::kSatCauseCount} + int{orb::kGpuDebrisDamage}], N).mean, 0.0);  // GPUs join too
  EXPECT_GT(stat(t.loss_label[orb::kSatDebris], N).mean, 0.0);
}

// Latch-ups only happen during solar particle events here (a negligible base rate, a huge
// multiplier): in trials with exactly one event, all losses are one occurrence in its year.
TEST(Occurrences, SolarParticleEventWindowIsOneOccurrence) {
  const std::string cfg = R"(
[debris]
enabled = false
[radiation]
sel_per_gpu_year = 1e-6
[radiation.dose_rate]
altitude_km = [200, 2000]
below_80deg = [0, 0]
from_80deg = [0, 0]
[radiation.spe]
reference_pfu = 1e-5
exposure_below_80deg = 1.0
[[class]]
name = "t"
gpus = 8
gpus_required = 8
value_usd = 0
gpu_value_usd = 1e4
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
  const int N = 300, Y = 1;  // one year at the cycle minimum: often exactly one event
  const orb::ScenarioData sc =
      orb::build_scenario(orb::parse_config(cfg, "spe.toml", {"mission.start_year=2029.5", "mission.years=1"}), 8);
  const orb::RunState state = orbtest::run_state(sc, N, true);
  const std::vector<double>& ylt = state.ylt;
  const std::vector<double>& spe = state.kept.column("spe_count");
  int checked = 0, several = 0;
  for (int i = 0; i < N; ++i) {
    if (spe[i] != 1) continue;
    double total = 0.0, largest = 0.0;
    for (int y = 0; y < Y; ++y) {
      total += ylt[(size_t(i) * Y + y) * orb::kYltColumns + orb::kYltGrossAggregate];
      largest = std::max(largest, ylt[(size_t(i) * Y + y) * orb::kYltColumns + orb::kYltGrossMax]);
    }
    if (total == 0.0) continue;
    ++checked;
    EXPECT_DOUBLE_EQ(largest, total) << "trial " << i;
    several += largest > 5 * 1e4;  // more than five GPUs in one occurrence
  }
  EXPECT_GT(checked, 10);
  EXPECT_GT(several, 0);
}

TEST(Occurrences, NoTermsMeansNetEqualsGross) {
  const std::vector<std::string> set = {"losses.in_orbit_attach_days=0"};
  const orb::ScenarioData sc = orb::build_scenario(orb::load_config(source_path("configs/reference/factory-1k.toml"), set), 2);
  const std::vector<double> ylt = orbtest::run_state(sc, 40).ylt;
  for (size_t r = 0; r < ylt.size(); r += orb::kYltColumns) {
    EXPECT_DOUBLE_EQ(ylt[r + orb::kYltNetAggregate], ylt[r + orb::kYltGrossAggregate]);
    EXPECT_DOUBLE_EQ(ylt[r + orb::kYltNetMax], ylt[r + orb::kYltGrossMax]);
  }
}

}  // namespace
