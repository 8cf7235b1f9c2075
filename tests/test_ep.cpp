// Exceedance statistics: Oasis's convention on a hand-computed table, and oracles against
// known loss distributions (exponential, Pareto, with zero-loss periods). Tolerances: 4.5
// standard errors of the order statistic, SE(x_q) = sqrt(p (1 - p) / P) / f(x_q), p = 1 / RP.
#include <gtest/gtest.h>

#include <cmath>

#include "host/output/ep.hpp"

#include <functional>
#include "kernels/sampling.hpp"

namespace {

constexpr double kSigmas = 4.5;

// P = 10 periods. Sorted: 200, 100, 50, 30, 10, then five zeros; rank i at return period 10 / i.
const std::vector<double> kTable = {0, 100, 0, 50, 200, 0, 0, 10, 0, 30};

TEST(EpConvention, HandComputedRows) {
  const auto rows = orb::ep_curve(kTable, orb::standard_return_periods());
  ASSERT_EQ(rows.size(), 3u);  // 2, 5, 10 years; 20 and beyond exceed P = 10: no row
  EXPECT_EQ(rows[0].return_period, 2.0);
  EXPECT_DOUBLE_EQ(rows[0].loss, 10.0);   // rank 5 sits at exactly 10 / 5 = 2
  EXPECT_DOUBLE_EQ(rows[0].tvar, 78.0);   // (200 + 100 + 50 + 30 + 10) / 5
  EXPECT_DOUBLE_EQ(rows[1].loss, 100.0);  // rank 2 at 5 years
  EXPECT_DOUBLE_EQ(rows[1].tvar, 150.0);
  EXPECT_DOUBLE_EQ(rows[2].loss, 200.0);
  EXPECT_DOUBLE_EQ(rows[2].tvar, 200.0);
}

TEST(EpConvention, InterpolationBetweenRanks) {
  std::vector<double> sorted = {200, 100, 50, 30, 10, 0, 0, 0, 0, 0};
  // 4 years lies between rank 2 (5 y) and rank 3 (3.333 y): 50 + (4 - 10/3)/(5 - 10/3) (100 - 50)
  const orb::EpRow r4 = orb::ep_at(sorted, 4.0);
  EXPECT_NEAR(r4.loss, 70.0, 1e-12);
  EXPECT_NEAR(r4.tvar, (200 + 100 + 70) / 3.0, 1e-12);  // ranks beyond 4 y, then the interpolated value
  // 2.2 years between rank 4 (2.5 y) and rank 5 (2 y): 10 + 0.2/0.5 (30 - 10) = 18
  const orb::EpRow r22 = orb::ep_at(sorted, 2.2);
  EXPECT_NEAR(r22.loss, 18.0, 1e-12);
  EXPECT_NEAR(r22.tvar, (200 + 100 + 50 + 30 + 18) / 5.0, 1e-12);
  // zero when the lower rank's loss is zero: 1.8 years lies between rank 5 (10) and rank 6 (0)
  EXPECT_EQ(orb::ep_at(sorted, 1.8).loss, 0.0);
}

TEST(EpConvention, AverageAnnualLoss) {
  const orb::LossMoments m = orb::average_loss(kTable);
  EXPECT_DOUBLE_EQ(m.mean, 39.0);
  double ss = 0;
  for (double x : kTable) ss += (x - 39.0) * (x - 39.0);
  EXPECT_NEAR(m.std, std::sqrt(ss / 9.0), 1e-12);  // N - 1
  EXPECT_NEAR(m.sem, m.std / std::sqrt(10.0), 1e-12);
}

struct Law {
  const char* name;
  double zero_share;                      // periods with no loss
  std::function<double(double)> quantile;  // of the non-zero part, at exceedance probability q
  std::function<double(double)> density;   // of the non-zero part, at x
  std::function<double(double)> tail_mean; // E[X | X > x]
  std::function<double(orb::RngStream&)> draw;
};

void check_law(const Law& law) {
  const size_t P = 400000;
  orb::RngStream rng(77, 0, orb::Purpose::kTest, 5);
  std::vector<double> losses(P);
  for (double& x : losses) x = rng.uniform() < law.zero_share ? 0.0 : law.draw(rng);
  const auto rows = orb::ep_curve(losses, orb::standard_return_periods());
  for (const auto& r : rows) {
    const double p = 1.0 / r.return_period;  // exceedance probability over all periods
    if (p * P < 200) continue;               // too few tail samples for a clean error estimate
    const double q = p / (1.0 - law.zero_share);
    if (q >= 1.0) {  // the return period falls among the zero-loss periods
      EXPECT_EQ(r.loss, 0.0) << law.name << " RP " << r.return_period;
      continue;
    }
    const double x = law.quantile(q);
    const double f = (1.0 - law.zero_share) * law.density(x);
    const double se = std::sqrt(p * (1 - p) / P) / f;
    EXPECT_NEAR(r.loss, x, kSigmas * se) << law.name << " RP " << r.return_period;
    // TVaR: mean of the p P largest; its error adds the tail spread over sqrt(p P)
    const double tail = law.tail_mean(x);
    EXPECT_NEAR(r.tvar, tail, kSigmas * (se + tail / std::sqrt(p * P))) << law.name << " TVaR RP " << r.return_period;
  }
  const orb::LossMoments m = orb::average_loss(losses);
  EXPECT_NEAR(m.mean, (1 - law.zero_share) * law.tail_mean(0.0), kSigmas * m.sem) << law.name << " AAL";
}

TEST(EpOracle, Exponential) {
  const double mean = 2.0e6;
  check_law({"exponential", 0.0, [=](double q) { return -mean * std::log(q); },
             [=](double x) { return std::exp(-x / mean) / mean; }, [=](double x) { return x + mean; },
             [=](orb::RngStream& r) { return orb::sample_exponential(r, mean); }});
}

TEST(EpOracle, ExponentialWithZeroPeriods) {
  const double mean = 5.0e5;
  check_law({"exponential, 70% zero", 0.7, [=](double q) { return -mean * std::log(q); },
             [=](double x) { return std::exp(-x / mean) / mean; }, [=](double x) { return x + mean; },
             [=](orb::RngStream& r) { return orb::sample_exponential(r, mean); }});
}

TEST(EpOracle, Pareto) {
  const double xm = 1.0e6, a = 2.5;  // P(X > x) = (x / xm)^-a
  check_law({"pareto", 0.0, [=](double q) { return xm * std::pow(q, -1.0 / a); },
             [=](double x) { return a * std::pow(xm, a) / std::pow(x, a + 1); },
             [=](double x) { return std::max(x, xm) * a / (a - 1); },
             [=](orb::RngStream& r) { return xm * std::pow(r.uniform(), -1.0 / a); }});
}

TEST(EpOracle, BootstrapIntervalCoversTheTruth) {
  const double mean = 1.0e6;
  const int years = 5;
  std::vector<double> ylt(20000 * years);
  orb::RngStream rng(3, 0, orb::Purpose::kTest, 9);
  for (double& x : ylt) x = orb::sample_exponential(rng, mean);
  const orb::Interval iv = orb::bootstrap_return_period(ylt, years, 200.0, 200, 11);
  const double truth = mean * std::log(200.0);
  EXPECT_LT(iv.lo, truth);
  EXPECT_GT(iv.hi, truth);
  EXPECT_LT(iv.hi - iv.lo, 0.2 * truth);  // and is informative
}

}  // namespace
