// Tallies: exact fixed-point moments, exact merging, and histogram percentiles.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "host/run/moments.hpp"
#include "host/run/tally.hpp"

namespace {

TEST(Moments, SummaryMatchesTwoPassComputation) {
  std::mt19937_64 gen(1);
  std::uniform_real_distribution<double> u(0.2, 0.9);
  std::vector<double> xs;
  orb::Moments m;
  for (int i = 0; i < 10000; ++i) {
    xs.push_back(u(gen));
    m.add(orb::to_fixed(xs.back(), orb::kFractionBits));
  }
  double mean = 0, ss = 0;
  for (double x : xs) mean += x;
  mean /= xs.size();
  for (double x : xs) ss += (x - mean) * (x - mean);
  const orb::Summary s = orb::summarize(m, xs.size(), orb::kFractionBits);
  EXPECT_NEAR(s.mean, mean, 1e-9);  // fixed-point rounding is 2^-33 per value
  EXPECT_NEAR(s.std, std::sqrt(ss / (xs.size() - 1)), 1e-9);
  EXPECT_NEAR(s.sem, s.std / 100.0, 1e-12);
}

TEST(Moments, TinyVarianceAroundALargeMeanIsExact) {
  orb::Moments m;  // counts 1,000,000 and 1,000,001 alternating: std = 0.5 (n-1 corrected)
  const int n = 100000;
  for (int i = 0; i < n; ++i) m.add(1000000 + (i % 2));
  const orb::Summary s = orb::summarize(m, n, orb::kCountBits);
  EXPECT_DOUBLE_EQ(s.mean, 1000000.5);
  EXPECT_NEAR(s.std, std::sqrt(0.25 * n / (n - 1)), 1e-12);
}

TEST(Moments, OrderDoesNotMatter) {
  orb::Moments a, b;
  std::vector<int64_t> v;
  for (int i = 0; i < 1000; ++i) v.push_back(orb::to_fixed(std::sin(i) * 1000.0, orb::kDaysBits));
  for (auto x : v) a.add(x);
  for (auto it = v.rbegin(); it != v.rend(); ++it) b.add(*it);
  EXPECT_TRUE(a.sum == b.sum && a.sum_sq == b.sum_sq);
}

TEST(HistogramPercentile, InterpolatesWithinTheBin) {
  std::vector<int64_t> h(10, 0);
  h[2] = 50;  // [0.2, 0.3)
  h[7] = 50;  // [0.7, 0.8)
  EXPECT_NEAR(orb::histogram_percentile(h.data(), 10, 0.0, 1.0, 0, 0.25), 0.25, 1e-12);
  EXPECT_NEAR(orb::histogram_percentile(h.data(), 10, 0.0, 1.0, 0, 0.5), 0.3, 1e-12);
  EXPECT_NEAR(orb::histogram_percentile(h.data(), 10, 0.0, 1.0, 0, 0.9), 0.78, 1e-12);
  // half the mass beyond the range: upper percentiles are +inf
  EXPECT_TRUE(std::isinf(orb::histogram_percentile(h.data(), 10, 0.0, 1.0, 100, 0.75)));
  EXPECT_NEAR(orb::histogram_percentile(h.data(), 10, 0.0, 1.0, 100, 0.25), 0.3, 1e-12);
}

}  // namespace
