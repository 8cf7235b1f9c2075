// Exceedance statistics with Oasis LMF's conventions (ktools ordleccalc / aalcalc, MODEL.md
// section 5): period losses ranked in descending order, rank i at return period P / i, linear
// interpolation in return period between ranks (zero when the lower one is zero), no row
// above P, TVaR as the running mean of ranked losses with the interpolated value as the last
// term. AAL is the mean over the P periods, its standard deviation with N - 1.
#pragma once

#include <cstdint>
#include <vector>

namespace orb {

// 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 10000 years.
const std::vector<double>& standard_return_periods();

struct EpRow {
  double return_period;
  double loss;
  double tvar;
};

// One curve from P period losses (any order; zero-loss periods included). Rows only for
// return periods <= P.
std::vector<EpRow> ep_curve(std::vector<double> period_losses, const std::vector<double>& return_periods);

// Loss and TVaR at one return period from losses already sorted in descending order.
EpRow ep_at(const std::vector<double>& sorted_desc, double return_period);

struct LossMoments {
  double mean = 0.0;
  double std = 0.0;
  double sem = 0.0;
};
LossMoments average_loss(const std::vector<double>& period_losses);

// Percentile bootstrap interval [lo, hi] (e.g. 2.5% and 97.5%) for the loss at a return period,
// resampling whole trials (a trial's policy years stay together: they share one constellation
// history). `ylt` holds `years` values per trial, trial after trial. Deterministic in `seed`.
struct Interval {
  double lo = 0.0;
  double hi = 0.0;
};
Interval bootstrap_return_period(const std::vector<double>& ylt, int years, double return_period,
                                 int replicates, uint64_t seed, double confidence = 0.95);

}  // namespace orb
